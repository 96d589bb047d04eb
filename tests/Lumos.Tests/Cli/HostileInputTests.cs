using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Lumos.Nets.Checkpoints;
using OpenCvSharp;

namespace Lumos.Tests.Cli;

/// <summary>
/// Hostile, broken or unusual input to every verb (issue 11). Each failing case must give its exit code, exactly one
/// line on standard error naming the file and the reason, no stack trace, the inputs' bytes unchanged, and no
/// output or temporary file left behind; each accepted oddity must give exit 0 and exactly its outputs.
/// Fixtures are made here; nets are used only where the case is about them.
/// </summary>
public sealed partial class HostileInputTests
{
    /// <summary>One case: how to call lumos on fixtures made in a folder, and what must come of it.</summary>
    /// <param name="Args">Arguments.</param>
    /// <param name="Exit">Expected exit code.</param>
    /// <param name="Reason">What the one error line must say (null for a success).</param>
    /// <param name="Names">What it must name (the file); null for a success.</param>
    /// <param name="Outputs">For a success: the files (relative to the folder) it must write, and nothing else.</param>
    /// <param name="WorkingDirectory">Run the real CLI there, as a process (relative spellings); null runs it in-process.</param>
    /// <param name="Check">More checks on a success.</param>
    /// <param name="NotNaming">What the error line must not say (an internal placeholder, wrong advice).</param>
    public sealed record Case(string[] Args, int Exit, string? Reason, string? Names, string[]? Outputs = null, string? WorkingDirectory = null, Action? Check = null, string? NotNaming = null);

    private static readonly Dictionary<string, Func<TempFolder, Case>> Cases = new()
    {
        // Broken images, every verb that reads one.
        ["enhance --threads not a number"] = f => Fail(f, ["enhance", Bytes(f, "in.png", Encode(".png")), "-o", f.File("o.png"), "--threads", "abc"], "--threads: 'abc' is not a number", "--threads", exit: 2, notNaming: "Nullable"),
        ["upscale with a checkpoint of another scale"] = f => Fail(f, ["upscale", Bytes(f, "in.png", Encode(".png")), "-o", f.File("o.png"), "-m", "fsrcnn", "-s", "2", "-p", "weights=" + Bytes(f, "x3.lumosnet", Shipped("fsrcnn-x3"))], "fsrcnn: x3.lumosnet is a ×3 model, not ×2 (pass --scale 3)", "x3.lumosnet", exit: 2),
        ["upscale at a scale with no shipped checkpoint"] = f => Fail(f, ["upscale", Bytes(f, "in.png", Encode(".png")), "-o", f.File("o.png"), "-m", "srcnn", "-s", "2"], "srcnn: no shipped checkpoint for ×2 (shipped: ×3)", "×2", exit: 2),
        ["upscale -p engine typo, one usage error before any image"] = f => { Batch(f, "in", 3); return Fail(f, ["upscale", f.File("in"), "-o", f.File("out"), "-m", "fsrcnn", "-p", "engine=onxx"], "unknown engine 'onxx' (onnx or torch)", "onxx", exit: 2); },
        ["enhance -o empty"] = f => Fail(f, ["enhance", Bytes(f, "in.png", Encode(".png")), "-o", "", "-m", "gamma"], "-o|--output is empty", "--output", exit: 2),
        ["enhance an empty input"] = f => Fail(f, ["enhance", "", "-o", f.File("o.png"), "-m", "gamma"], "an input is empty", "input", exit: 2),
        ["enhance zero-byte"] = f => Fail(f, ["enhance", Bytes(f, "zero.png", []), "-o", f.File("o.png"), "-m", "gamma"], "empty file (0 bytes)", "zero.png"),
        ["enhance truncated PNG"] = f => Fail(f, ["enhance", Cut(f, "cut.png", Encode(".png"), 0.5), "-o", f.File("o.png"), "-m", "gamma"], "truncated PNG", "cut.png"),
        ["enhance truncated JPEG"] = f => Fail(f, ["enhance", Cut(f, "cut.jpg", Encode(".jpg"), 0.6), "-o", f.File("o.png"), "-m", "gamma"], "truncated JPEG", "cut.jpg"),
        ["enhance JPEG whose header claims 12000×12000"] = f => Fail(f, ["enhance", Bytes(f, "lie.jpg", JpegClaiming(12000, 12000)), "-o", f.File("o.png"), "-m", "gamma"], "cannot hold the 12000×12000 pixels its header declares", "lie.jpg"),
        ["enhance truncated TIFF"] = f => Fail(f, ["enhance", Cut(f, "cut.tif", Encode(".tif"), 0.5), "-o", f.File("o.png"), "-m", "gamma"], "TIFF", "cut.tif"),
        ["enhance truncated WebP"] = f => Fail(f, ["enhance", Cut(f, "cut.webp", Encode(".webp"), 0.5), "-o", f.File("o.png"), "-m", "gamma"], "WebP", "cut.webp"),
        ["enhance PNG with a bad CRC"] = f => Fail(f, ["enhance", Bytes(f, "crc.png", BadCrc(Encode(".png"))), "-o", f.File("o.png"), "-m", "gamma"], "corrupt Png", "crc.png"),
        ["enhance random bytes"] = f => Fail(f, ["enhance", Bytes(f, "noise.png", Noise(4096)), "-o", f.File("o.png"), "-m", "gamma"], "not an image", "noise.png"),
        ["enhance text named .png"] = f => Fail(f, ["enhance", Text(f, "notes.png"), "-o", f.File("o.png"), "-m", "gamma"], "not an image (content is text)", "notes.png"),
        ["enhance PNG header bomb"] = f => Fail(f, ["enhance", Bytes(f, "bomb.png", TestData.PngBomb()), "-o", f.File("o.png"), "-m", "gamma"], "60000×60000", "bomb.png"),
        ["enhance JPEG header bomb"] = f => Fail(f, ["enhance", Bytes(f, "bomb.jpg", JpegBomb()), "-o", f.File("o.png"), "-m", "gamma"], "60000×60000", "bomb.jpg"),
        ["enhance 1×1"] = f => Ok(["enhance", Image(f, "dot.png", new Mat(1, 1, MatType.CV_8UC3, Scalar.All(9))), "-o", f.File("o.png"), "-m", "lime"], ["dot.png"], "o.png"),
        ["enhance a 1-pixel-high strip with a net"] = f => Ok(["enhance", Image(f, "strip.png", new Mat(1, 300, MatType.CV_8UC3, Scalar.All(9))), "-o", f.File("o.png"), "-m", "pairlie"], ["strip.png"], "o.png"),
        ["enhance missing file"] = f => Fail(f, ["enhance", f.File("gone.png"), "-o", f.File("o.png"), "-m", "gamma"], "file not found", "gone.png"),
        ["enhance folder named x.png"] = f => { Directory.CreateDirectory(f.File("x.png")); return Fail(f, ["enhance", f.File("x.png"), "-o", f.File("o.png"), "-m", "gamma"], "is a folder", "x.png"); },
        ["enhance .gif"] = f => Fail(f, ["enhance", Bytes(f, "anim.gif", "GIF89a\x01\0\x01\0"u8.ToArray()), "-o", f.File("o.png"), "-m", "gamma"], "unsupported extension '.gif'", "anim.gif"),
        ["enhance above --max-megapixels 0.001"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "gamma", "--max-megapixels", "0.001"], "(0.006144 MP), above the 0.001 MP limit", "dark.png"),

        // Unusual but valid images are enhanced.
        ["enhance 16-bit PNG"] = f => Ok(["enhance", Image(f, "deep.png", Deep()), "-o", f.File("o.png"), "-m", "gamma"], ["deep.png"], "o.png",
            () => { using var o = Cv2.ImRead(f.File("o.png"), ImreadModes.Unchanged); Assert.Equal(MatType.CV_16UC3, o.Type()); }),
        ["enhance PNG with alpha"] = f => Ok(["enhance", Image(f, "alpha.png", Alpha()), "-o", f.File("o.png"), "-m", "gamma"], ["alpha.png"], "o.png",
            () => { using var o = Cv2.ImRead(f.File("o.png"), ImreadModes.Unchanged); Assert.Equal(4, o.Channels()); }),
        ["enhance palette PNG"] = f => Ok(["enhance", Bytes(f, "palette.png", PalettePng()), "-o", f.File("o.png"), "-m", "gamma"], ["palette.png"], "o.png"),
        ["enhance grey PNG"] = f => Ok(["enhance", Image(f, "grey.png", Grey()), "-o", f.File("o.png"), "-m", "gamma"], ["grey.png"], "o.png",
            () => { using var o = Cv2.ImRead(f.File("o.png"), ImreadModes.Unchanged); Assert.Equal(1, o.Channels()); }),
        ["enhance EXIF-rotated JPEG"] = f => Ok(["enhance", Bytes(f, "rotated.jpg", ExifRotated()), "-o", f.File("o.png"), "-m", "gamma"], ["rotated.jpg"], "o.png",
            () => { using var o = Cv2.ImRead(f.File("o.png")); Assert.Equal((64, 96), (o.Width, o.Height)); }),
        ["enhance CMYK JPEG"] = f => Ok(["enhance", Bytes(f, "cmyk.jpg", Imaging.CmykJpeg.Flat(24, 16, [200, 100, 50, 255])), "-o", f.File("o.png"), "-m", "gamma"], ["cmyk.jpg"], "o.png",
            () => { using var o = Cv2.ImRead(f.File("o.png"), ImreadModes.Unchanged); Assert.Equal((MatType.CV_8UC3, 24, 16), (o.Type(), o.Width, o.Height)); }),
        ["enhance 2×2"] = f => Ok(["enhance", Image(f, "two.png", new Mat(2, 2, MatType.CV_8UC3, Scalar.All(9))), "-o", f.File("o.png"), "-m", "gamma"], ["two.png"], "o.png"),
        ["enhance a file named with a dash, after --"] = f => Ok(["enhance", "-o", f.File("o.png"), "-m", "gamma", "--", Image(f, "-dark.png", TestData.DarkColour(), relative: true)], ["-dark.png"], "o.png", workingDirectory: f.Path),

        // The output guard: never an input, by any spelling; never an existing file without --overwrite.
        ["enhance output is the input"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("dark.png"), "-m", "gamma", "--overwrite"], "would overwrite the input", "dark.png"),
        ["enhance output is the input via ./"] = f => Fail(f, ["enhance", Dark(f), "-o", "./dark.png", "-m", "gamma", "--overwrite"], "would overwrite the input", "dark.png", workingDirectory: f.Path),
        ["enhance output is the input, relative vs absolute"] = f => Fail(f, ["enhance", "dark.png", "-o", Dark(f), "-m", "gamma", "--overwrite"], "would overwrite the input", "dark.png", workingDirectory: f.Path),
        ["enhance output is the input via .."] = f => { Directory.CreateDirectory(f.File("sub")); return Fail(f, ["enhance", Dark(f), "-o", f.File("sub/../dark.png"), "-m", "gamma", "--overwrite"], "would overwrite the input", "dark.png"); },
        ["enhance output is a symlink to the input"] = f => Fail(f, ["enhance", Dark(f), "-o", Link(f, "link.png", "dark.png"), "-m", "gamma", "--overwrite"], "would overwrite the input", "link.png"),
        ["enhance output is a hard link to the input"] = f => Fail(f, ["enhance", Dark(f), "-o", HardLink(f, "hard.png", "dark.png"), "-m", "gamma", "--overwrite"], "would overwrite the input", "hard.png"),
        ["enhance input is a symlink to the output"] = f => { Dark(f); return Fail(f, ["enhance", Link(f, "link.png", "dark.png"), "-o", f.File("dark.png"), "-m", "gamma", "--overwrite"], "would overwrite the input", "dark.png"); },
        ["enhance folder into itself"] = f => { Batch(f, "in", 2); return Fail(f, ["enhance", f.File("in"), "-o", f.File("in"), "-m", "gamma", "--overwrite"], "would overwrite the input", "a.png"); },
        ["enhance --format onto another input"] = f =>
        {
            Batch(f, "in", 1);
            File.WriteAllBytes(f.File("in/a.jpg"), Encode(".jpg"));
            return Fail(f, ["enhance", f.File("in"), "-o", f.File("in"), "--format", "jpg", "-m", "gamma", "--overwrite"], "would overwrite the input", "a.jpg");
        },
        ["enhance existing output without --overwrite"] = f => Fail(f, ["enhance", Dark(f), "-o", Bytes(f, "keep.png", Encode(".png")), "-m", "gamma"], "already exists (use --overwrite", "keep.png"),
        ["enhance output under a file"] = f => Fail(f, ["enhance", Dark(f), "-o", Path.Combine(Text(f, "blocker"), "o.png"), "-m", "gamma"], "cannot create output folder", "o.png"),
        ["enhance output folder on a read-only file system"] = f => Fail(f, ["enhance", Dark(f), "-o", Path.Combine(Mount(f, "ro", "ro,size=64k"), "o.png"), "-m", "gamma"], "read-only file system", "o.png"),
        ["enhance output folder that is full"] = f => Fail(f, ["enhance", Image(f, "big.png", TestData.DarkColour(256, 256)), "-o", Path.Combine(Mount(f, "full", "size=64k"), "o.bmp"), "-m", "gamma"], "no space left on device", "o.bmp"),
        ["enhance PNG into a folder that is full"] = f => Fail(f, ["enhance", Image(f, "big.png", TestData.DarkColour(256, 256)), "-o", Path.Combine(Mount(f, "full", "size=64k"), "o.png"), "-m", "gamma"], "no space left on device", "o.png"),
        ["enhance output folder without permission"] = f => Fail(f, ["enhance", Dark(f), "-o", Path.Combine(Unwritable(f), "o.png"), "-m", "gamma"], "permission denied", "o.png"),

        // Usage mistakes: exit 2, one line.
        ["enhance unknown option"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.jpg"), "-m", "he", "--jpeg-qualty", "50"], "Unknown option", "jpeg-qualty", exit: 2),
        ["enhance -p without ="] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "gamma", "-p", "gamma"], "expected name=value", "gamma", exit: 2),
        ["enhance unknown method"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "nosuch"], "unknown method 'nosuch'", "nosuch", exit: 2),
        ["enhance --format gif"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("out"), "--format", "gif", "-m", "gamma"], "format gif: unsupported", "gif", exit: 2, notNaming: "output.gif"),
        ["enhance parameter out of range"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "gamma", "-p", "gamma=99"], "out of range", "gamma=99", exit: 2),
        ["enhance --jpeg-quality 0"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.jpg"), "--jpeg-quality", "0"], "--jpeg-quality must be 1-100", "--jpeg-quality", exit: 2),
        ["enhance a dash-led file without --"] = f => Fail(f, ["enhance", "-dark.png", "-o", "o.png"], "put file names that start with a dash after --", "-dark.png", exit: 2, workingDirectory: f.Path),
        ["enhance no output"] = f => Fail(f, ["enhance", Dark(f)], "missing -o|--output", "--output", exit: 2),

        // Batches: every bad file counted, named, and the rest written.
        ["enhance batch with a sub-folder named x.png"] = f =>
        {
            Batch(f, "in", 2);
            Directory.CreateDirectory(f.File("in/x.png"));
            return new Case(["enhance", f.File("in"), "-o", f.File("out"), "-m", "gamma"], 1, "is a folder", "x.png", ["out/a.png", "out/b.png"]);
        },
        ["enhance batch with one broken file"] = f =>
        {
            Batch(f, "in", 2);
            File.WriteAllText(f.File("in/c.png"), "not a picture");
            return new Case(["enhance", f.File("in"), "-o", f.File("out"), "-m", "gamma"], 1, "not an image", "c.png", ["out/a.png", "out/b.png"]);
        },

        // Nets: corrupt ONNX models and checkpoints.
        ["enhance ONNX of random bytes"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "--onnx", Bytes(f, "bad.onnx", Noise(2000))], "bad.onnx", "bad.onnx"),
        ["enhance truncated ONNX"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "--onnx", Cut(f, "cut.onnx", Exported(f), 0.5)], "cut.onnx", "cut.onnx"),
        ["enhance missing ONNX"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "--onnx", f.File("gone.onnx")], "gone.onnx", "gone.onnx"),
        ["enhance truncated .lumosnet"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "zerodce", "-p", "weights=" + Cut(f, "cut.lumosnet", Shipped("zerodce"), 0.5)], "truncated/corrupt checkpoint", "cut.lumosnet"),
        ["enhance truncated weights.bin"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "zerodce", "-p", "weights=" + CutWeights(f)], "truncated", "weights.lumosnet"),
        ["enhance --engine torch, truncated weights.bin"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "zerodce", "--engine", "torch", "-p", "weights=" + CutWeights(f)], "truncated/corrupt checkpoint", "weights.lumosnet"),
        ["enhance .lumosnet without meta.json"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "zerodce", "-p", "weights=" + NoMeta(f)], "not a Lumos checkpoint (no meta.json)", "nometa.lumosnet"),
        ["enhance checkpoint of an unknown arch"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "zerodce", "-p", "weights=" + UnknownArch(f)], "a nosuchnet checkpoint, not zerodce", "alien.lumosnet"),

        // upscale
        ["upscale truncated PNG"] = f => Fail(f, ["upscale", Cut(f, "cut.png", Encode(".png"), 0.5), "-o", f.File("o.png")], "truncated PNG", "cut.png"),
        ["upscale zero-byte"] = f => Fail(f, ["upscale", Bytes(f, "zero.jpg", []), "-o", f.File("o.png")], "empty file", "zero.jpg"),
        ["upscale 1×1"] = f => Ok(["upscale", Image(f, "dot.png", new Mat(1, 1, MatType.CV_8UC3, Scalar.All(9))), "-o", f.File("o.png")], ["dot.png"], "o.png"),
        ["upscale output is a symlink to the input"] = f => Fail(f, ["upscale", Dark(f), "-o", Link(f, "link.png", "dark.png"), "--overwrite"], "would overwrite the input", "link.png"),
        ["upscale --scale 5"] = f => Fail(f, ["upscale", Dark(f), "-o", f.File("o.png"), "--scale", "5"], "--scale must be 2, 3 or 4", "--scale", exit: 2),
        ["upscale unknown method"] = f => Fail(f, ["upscale", Dark(f), "-o", f.File("o.png"), "-m", "nosuch"], "unknown upscaler 'nosuch'", "nosuch", exit: 2),
        ["upscale unknown option"] = f => Fail(f, ["upscale", Dark(f), "-o", f.File("o.png"), "--bogus"], "Unknown option", "bogus", exit: 2),
        ["upscale ONNX ×1 model"] = f => Fail(f, ["upscale", Dark(f), "-o", f.File("o.png"), "--onnx", Bytes(f, "same-size.onnx", Exported(f))], "run it as an enhancement method", "same-size.onnx", notNaming: "--scale 1"),
        ["upscale ONNX of random bytes"] = f => Fail(f, ["upscale", Dark(f), "-o", f.File("o.png"), "--onnx", Bytes(f, "bad.onnx", Noise(2000))], "bad.onnx", "bad.onnx"),
        ["upscale truncated .lumosnet"] = f => Fail(f, ["upscale", Dark(f), "-o", f.File("o.png"), "-m", "fsrcnn", "-p", "weights=" + Cut(f, "cut.lumosnet", Shipped("fsrcnn-x2"), 0.5)], "truncated/corrupt checkpoint", "cut.lumosnet"),

        // info
        ["info --plot onto the input"] = f => Fail(f, ["info", Dark(f), "--plot", f.File("dark.png"), "--overwrite"], "would overwrite the input", "dark.png"),
        ["info --plot onto a hard link to the input"] = f => Fail(f, ["info", Dark(f), "--plot", HardLink(f, "hard.png", "dark.png"), "--overwrite"], "would overwrite the input", "hard.png"),
        ["info --plot onto an existing file"] = f => Fail(f, ["info", Dark(f), "--plot", Bytes(f, "keep.png", Encode(".png"))], "already exists (use --overwrite", "keep.png"),
        ["info --plot not a PNG"] = f => Fail(f, ["info", Dark(f), "--plot", f.File("chart.txt")], "must be a .png file", "chart.txt", exit: 2),
        ["info zero-byte"] = f => Fail(f, ["info", Bytes(f, "zero.png", [])], "empty file (0 bytes)", "zero.png"),
        ["info truncated TIFF"] = f => Fail(f, ["info", Cut(f, "cut.tif", Encode(".tif"), 0.5)], "TIFF", "cut.tif"),
        ["info random bytes"] = f => Fail(f, ["info", Bytes(f, "noise.jpg", Noise(3000))], "not an image", "noise.jpg"),
        ["info unknown option"] = f => Fail(f, ["info", Dark(f), "--bogus"], "Unknown option", "bogus", exit: 2),
        ["info --plot to a read-only file system"] = f => Fail(f, ["info", Dark(f), "--plot", Path.Combine(Mount(f, "ro", "ro,size=64k"), "h.png")], "read-only file system", "h.png"),

        // measure
        ["measure zero-byte"] = f => Fail(f, ["measure", Bytes(f, "zero.png", [])], "empty file (0 bytes)", "zero.png"),
        ["measure truncated --ref"] = f => Fail(f, ["measure", Dark(f), "--ref", Cut(f, "cut.png", Encode(".png"), 0.5)], "truncated PNG", "cut.png"),
        ["measure text named .jpg"] = f => Fail(f, ["measure", Text(f, "notes.jpg")], "not an image", "notes.jpg"),
        ["measure unknown measure"] = f => Fail(f, ["measure", Dark(f), "--measures", "nosuch"], "unknown measure 'nosuch'", "nosuch", exit: 2),
        ["measure unknown option"] = f => Fail(f, ["measure", Dark(f), "--bogus"], "Unknown option", "bogus", exit: 2),

        // eval
        ["eval skips an unreadable image: exit 1, n per cell"] = f =>
        {
            Batch(f, "data", 1);
            File.WriteAllText(f.File("data/b.png"), "not a picture");
            return new Case(["eval", "-m", "identity,gamma", "-d", f.File("data"), "-o", f.File("report"), "--measures", "brightness"], 1, "skipped", "b.png",
                ["report/results.csv", "report/results.json", "report/summary.md", "report/report.html", "report/charts/*"],
                Check: () =>
                {
                    var summary = File.ReadAllText(f.File("report/summary.md"));
                    Assert.Contains("2 images, 1 measured", summary);
                    Assert.Contains("(n = 1)", summary);
                    Assert.DoesNotContain("± 0.0000", summary);
                });
        },
        ["eval --scale without --task sr"] = f => { Batch(f, "data", 1); return Fail(f, ["eval", "-m", "gamma", "-d", f.File("data"), "-o", f.File("report"), "-s", "3"], "--scale goes with --task sr", "--scale", exit: 2); },
        ["eval unknown method"] = f => { Batch(f, "data", 1); return Fail(f, ["eval", "-m", "nosuch", "-d", f.File("data"), "-o", f.File("report")], "unknown method 'nosuch'", "nosuch", exit: 2); },
        ["eval existing report without --overwrite"] = f =>
        {
            Batch(f, "data", 1);
            Directory.CreateDirectory(f.File("report"));
            File.WriteAllText(f.File("report/results.csv"), "old");
            return Fail(f, ["eval", "-m", "identity", "-d", f.File("data"), "-o", f.File("report")], "already holds a report", "report");
        },
        ["eval one method twice"] = f => { Batch(f, "data", 1); return Fail(f, ["eval", "-m", "gamma,gamma", "-d", f.File("data"), "-o", f.File("report")], "'gamma' is named twice; to compare a method with itself, label the runs (gamma@a,gamma@b)", "gamma", exit: 2); },
        ["eval an empty variant"] = f => { Batch(f, "data", 1); return Fail(f, ["eval", "-m", "gamma@", "-d", f.File("data"), "-o", f.File("report")], "'gamma@' is not a method or METHOD@VARIANT", "gamma@", exit: 2); },
        ["eval -p for a method not in -m"] = f => { Batch(f, "data", 1); return Fail(f, ["eval", "-m", "gamma", "-d", f.File("data"), "-o", f.File("report"), "-p", "gama.gamma=0.5"], "'gama' is not a method of -m (gamma)", "gama", exit: 2); },
        ["eval unknown option"] = f => { Batch(f, "data", 1); return Fail(f, ["eval", "-m", "identity", "-d", f.File("data"), "-o", f.File("report"), "--bogus"], "Unknown option", "bogus", exit: 2); },
        ["eval truncated checkpoint as weights"] = f =>
        {
            Batch(f, "data", 1);
            return Fail(f, ["eval", "-m", "zerodce", "-d", f.File("data"), "-o", f.File("report"), "-p", "zerodce.weights=" + Cut(f, "cut.lumosnet", Shipped("zerodce"), 0.5)], "truncated/corrupt checkpoint", "cut.lumosnet");
        },

        // train
        ["train --out onto a training image"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", f.File("d/a.png"), "--steps", "1", "--batch", "1", "--crop", "16"], "give a .lumosnet file", "--output", exit: 2); },
        ["train --out empty"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", "", "--steps", "1"], "-o|--output is empty", "--output", exit: 2); },
        ["train --out where no file can be made, found before training"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", "/proc/net.lumosnet", "--steps", "100000", "--batch", "1", "--crop", "16"], "cannot write (the folder takes no new files)", "/proc/net.lumosnet", notNaming: ".tmp"); },
        ["train --shrink that leaves no copy"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", f.File("net.lumosnet"), "--steps", "1", "--batch", "1", "--crop", "16", "--shrink", "0.1"], "every shrunk copy of", "0.1"); },
        ["train --crop far above the images"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", f.File("net.lumosnet"), "--steps", "1", "--batch", "1", "--crop", "4000"], "32×24 is too small for 4000-px crops", "a.png"); },
        ["train --out onto a hard link to a training image"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", HardLink(f, "net.lumosnet", "d/a.png"), "--steps", "1", "--batch", "1", "--crop", "16"], "would overwrite the input", "net.lumosnet"); },
        ["train existing --out without --overwrite"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", Bytes(f, "net.lumosnet", Shipped("zerodce")), "--steps", "1", "--batch", "1", "--crop", "16"], "already exists (use --overwrite", "net.lumosnet"); },
        ["train existing loss curve without --overwrite"] = f => { Batch(f, "d", 2); Text(f, "net.loss.png"); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", f.File("net.lumosnet"), "--steps", "1", "--batch", "1", "--crop", "16"], "already exists (use --overwrite", "net.loss.png"); },
        ["train --resume a truncated checkpoint"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", Cut(f, "cut.lumosnet", Shipped("zerodce"), 0.5), "--resume", "--steps", "2", "--batch", "1", "--crop", "16"], "truncated/corrupt checkpoint", "cut.lumosnet"); },
        ["train --resume truncated weights.bin"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", CutWeights(f), "--resume", "--steps", "2", "--batch", "1", "--crop", "16"], "truncated/corrupt checkpoint", "weights.lumosnet"); },
        ["train --resume a missing checkpoint"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", f.File("t/none.lumosnet"), "--resume", "--steps", "2", "--batch", "1", "--crop", "16"], "no checkpoint to resume (no such file)", "none.lumosnet"); },
        ["train --resume at another scale"] = f => { Batch(f, "d", 2, 64, 64); return Fail(f, ["train", "fsrcnn", "-s", "4", "--data", f.File("d"), "--out", Bytes(f, "x2.lumosnet", Shipped("fsrcnn-x2")), "--resume", "--steps", "2", "--batch", "1", "--crop", "16"], "--resume continues it as it was", "x2.lumosnet"); },
        ["train --resume without meta.json"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", NoMeta(f), "--resume", "--steps", "2", "--batch", "1", "--crop", "16"], "no meta.json", "nometa.lumosnet"); },
        ["train --init and --resume together"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", f.File("net.lumosnet"), "--init", Bytes(f, "z.lumosnet", Shipped("zerodce")), "--resume", "--steps", "1", "--batch", "1", "--crop", "16"], "--init starts a new run", "--resume", exit: 2); },
        ["train srcnn with a loss margin wider than the crop"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "srcnn", "--data", f.File("d"), "--out", f.File("net.lumosnet"), "-p", "loss-margin=8", "--steps", "1", "--batch", "1", "--crop", "16"], "loss-margin 8 leaves nothing of a 15×15 crop", "--crop"); }, // 16 is cut to 15, a multiple of ×3
        ["train --init a missing file"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", f.File("net.lumosnet"), "--init", f.File("none.lumosnet"), "--steps", "1", "--batch", "1", "--crop", "16"], "none.lumosnet", "none.lumosnet"); },
        ["train --init another net's checkpoint"] = f => { Batch(f, "d", 2); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", f.File("net.lumosnet"), "--init", Bytes(f, "dncnn.lumosnet", Shipped("dncnn")), "--steps", "1", "--batch", "1", "--crop", "16"], "a dncnn checkpoint, not zerodce", "dncnn"); },
        ["train missing data folder"] = f => Fail(f, ["train", "zerodce", "--data", f.File("nodata"), "--out", f.File("net.lumosnet"), "--steps", "1"], "no such training folder", "nodata"),
        ["train data folder without images"] = f => { Directory.CreateDirectory(f.File("d")); Text(f, "d/notes.png"); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", f.File("net.lumosnet"), "--steps", "1", "--crop", "16"], "no readable images", "d"); },
        ["train unknown net"] = f => { Batch(f, "d", 1); return Fail(f, ["train", "nosuchnet", "--data", f.File("d"), "--out", f.File("net.lumosnet")], "nosuchnet", "nosuchnet", exit: 2); },
        ["train unknown option"] = f => { Batch(f, "d", 1); return Fail(f, ["train", "zerodce", "--data", f.File("d"), "--out", f.File("net.lumosnet"), "--bogus"], "Unknown option", "bogus", exit: 2); },

        // export
        ["export onto its own checkpoint"] = f => Fail(f, ["export", Bytes(f, "net.lumosnet", Shipped("zerodce")), "-o", f.File("net.lumosnet"), "--overwrite"], "give a .onnx file", "--output", exit: 2),
        ["export onto a symlink to its checkpoint"] = f => { Bytes(f, "net.lumosnet", Shipped("zerodce")); return Fail(f, ["export", f.File("net.lumosnet"), "-o", Link(f, "net.onnx", "net.lumosnet"), "--overwrite"], "would overwrite the input", "net.onnx"); },
        ["export truncated .lumosnet"] = f => Fail(f, ["export", Cut(f, "cut.lumosnet", Shipped("zerodce"), 0.5), "-o", f.File("o.onnx")], "truncated/corrupt checkpoint", "cut.lumosnet"),
        ["export .lumosnet without meta.json"] = f => Fail(f, ["export", NoMeta(f), "-o", f.File("o.onnx")], "not a Lumos checkpoint (no meta.json)", "nometa.lumosnet"),
        ["export checkpoint of an unknown arch"] = f => Fail(f, ["export", UnknownArch(f), "-o", f.File("o.onnx")], "unknown architecture 'nosuchnet'", "alien.lumosnet"),
        ["export random bytes as .pth"] = f => Fail(f, ["export", Bytes(f, "noise.pth", Noise(5000)), "-o", f.File("o.onnx")], "--arch", "noise.pth"),
        ["export existing output without --overwrite"] = f => Fail(f, ["export", "zerodce", "-o", Text(f, "keep.onnx")], "already exists (use --overwrite", "keep.onnx"),
        ["export a net name without --scale"] = f => Fail(f, ["export", "fsrcnn", "-o", f.File("o.onnx")], "fsrcnn: no such shipped checkpoint (fsrcnn's: fsrcnn-x2, fsrcnn-x3, fsrcnn-x4; pick one with --scale)", "fsrcnn", exit: 2),
        ["export a scale the net is not shipped at"] = f => Fail(f, ["export", "zerodce", "--scale", "2", "-o", f.File("o.onnx")], "zerodce-x2: no such shipped checkpoint (zerodce's: zerodce)", "zerodce-x2", exit: 2),
        ["export --opset 5"] = f => Fail(f, ["export", "zerodce", "-o", f.File("o.onnx"), "--opset", "5"], "--opset must be 13-21", "--opset", exit: 2),
        ["export unknown option"] = f => Fail(f, ["export", "zerodce", "-o", f.File("o.onnx"), "--bogus"], "Unknown option", "bogus", exit: 2),

        // methods
        ["methods unknown method"] = f => Fail(f, ["methods", "nosuch"], "unknown method 'nosuch'", "nosuch", exit: 2),
        ["methods unknown option"] = f => Fail(f, ["methods", "--bogus"], "Unknown option", "bogus", exit: 2),

        // Found by the fuzzer (tests/fuzz, README "Fuzzing"): each crash or hang it found, rebuilt from its cause.
        ["enhance BMP whose height is int.MinValue (fuzz: image)"] = f => Fail(f, ["enhance", Bytes(f, "tall.bmp", Bmp(4, int.MinValue)), "-o", f.File("o.png"), "-m", "gamma"], "corrupt BMP", "tall.bmp"),
        ["enhance ONNX whose metadata key starts with a NUL byte (fuzz: onnx)"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "--onnx", Bytes(f, "nul.onnx", ExportedWith(("\0\u007fmos.options", "{}")))], "not a usable ONNX model (unreadable metadata", "nul.onnx"),

        // Found by review while writing the fuzz targets (the checkpoint run then started from the fixed code).
        ["enhance checkpoint whose options are out of range"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "zerodce", "-p", "weights=" + Meta(f, "huge.lumosnet", meta => meta["options"]!["channels"] = 100000)], "invalid options (zerodce: channels=100000 is out of range", "huge.lumosnet"),
        ["export checkpoint whose arch is null"] = f => Fail(f, ["export", Meta(f, "noarch.lumosnet", meta => meta["arch"] = null), "-o", f.File("o.onnx")], "unreadable meta.json (no architecture)", "noarch.lumosnet"),
        ["export .pth whose tensor lies outside its storage"] = f => Fail(f, ["export", Bytes(f, "outside.pth", LegacyPth(storage: 4, shape: 100)), "--arch", "zerodce", "-o", f.File("o.onnx")], "lies outside its storage of 4 elements", "outside.pth"),
        ["export .pth whose storage claims 2^40 elements"] = f => Fail(f, ["export", Bytes(f, "claims.pth", LegacyPth(storage: 1L << 40, shape: 4)), "--arch", "zerodce", "-o", f.File("o.onnx")], "claims 1099511627776 elements", "claims.pth"),
        ["export .pth that calls a constructor with None"] = f => Fail(f, ["export", Bytes(f, "none.pth", [.. LegacyPthHeader(), 0x80, 0x02, .. "ccollections\nOrderedDict\nNR."u8]), "--arch", "zerodce", "-o", f.File("o.onnx")], "expected Object[], found None", "none.pth"),
        ["enhance ONNX whose recorded margin overflows"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "--onnx", Bytes(f, "margin.onnx", ExportedWith(("lumos.margin", "2000000000")))], "lumos.margin=2000000000", "margin.onnx"),
        ["enhance ONNX whose recorded tile grid is 0"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "--onnx", Bytes(f, "align.onnx", ExportedWith(("lumos.align", "0")))], "lumos.align=0", "align.onnx"),
        ["upscale ONNX whose recorded scale is 0"] = f => Fail(f, ["upscale", Dark(f), "-o", f.File("o.png"), "--onnx", Bytes(f, "scale0.onnx", ExportedWith(("lumos.scale", "0"), ("lumos.task", "super-resolution")))], "lumos.scale=0", "scale0.onnx"),
        ["upscale ONNX whose recorded trained scales are not scales"] = f => Fail(f, ["upscale", Dark(f), "-o", f.File("o.png"), "--onnx", Bytes(f, "scales.onnx", ExportedWith(("lumos.task", "super-resolution"), ("lumos.trained-scales", "2,x")))], "lumos.trained-scales=2,x is not a list of scales 1-16", "scales.onnx"),
        ["enhance --format naming another format than the output file"] = f => Fail(f, ["enhance", Dark(f), "-o", f.File("o.png"), "-m", "gamma", "--format", "jpg"], "--format jpg names another format than the output file (name it o.jpg, or give a folder)", "o.png", exit: 2),
        ["run a chain of upscales past the result limit"] = f => Fail(f, ["run", Bytes(f, "chain.json", """[{"type":"bicubic","scale":4},{"type":"bicubic","scale":4}]"""u8.ToArray()),
            Image(f, "small.png", TestData.DarkColour(30, 30)), "-o", f.File("o.png"), "--max-megapixels", "0.001"], "the result would be 480×480 (0.23 MP), above the 0.016 MP limit", "small.png"),
        ["export weights.bin claiming a 4 GB tensor"] = f => Fail(f, ["export", Rewritten(f, "claims.lumosnet", (entry, bytes) => entry == "weights.bin" ? [1, 1, (byte)'x', 6, 1, 0x80, 0x80, 0x80, 0x80, 0x04] : bytes), "-o", f.File("o.onnx")], "truncated weights (weight 'x' [1073741824] needs 4294967296 bytes", "claims.lumosnet"),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [SkippableTheory, MemberData(nameof(Names))]
    public async Task Hostile_input_gets_one_line_its_exit_code_and_leaves_no_trace(string name)
    {
        using var folder = TestData.TempFolder();
        try
        {
            var c = Cases[name](folder);
            var before = Snapshot(folder.Path);
            var result = c.WorkingDirectory is null ? Cli.Run(c.Args) : await Cli.RunProcess(c.WorkingDirectory, null, c.Args);
            var after = Snapshot(folder.Path);

            Assert.True(c.Exit == result.ExitCode, $"exit {result.ExitCode}, expected {c.Exit}: {result.Error}");
            Assert.DoesNotContain("   at ", result.Error);
            Assert.DoesNotContain("Exception", result.Error.Replace("internal error", ""));
            foreach (var (file, bytes) in before)
                Assert.True(after.TryGetValue(file, out var now) && now.AsSpan().SequenceEqual(bytes), $"{file} was changed or removed");
            var added = after.Keys.Except(before.Keys).Order().ToArray();
            Assert.DoesNotContain(added, f => f.Contains(".tmp", StringComparison.Ordinal));
            if (c.Reason is null) Assert.Equal("", result.Error);
            else
            {
                var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith("lumos: ", line);
                Assert.True(line.Contains(c.Reason, StringComparison.Ordinal), $"no '{c.Reason}' in: {line}");
                Assert.True(line.Contains(c.Names!, StringComparison.Ordinal), $"no '{c.Names}' in: {line}");
                if (c.NotNaming is not null) Assert.DoesNotContain(c.NotNaming, line);
            }
            var expected = c.Outputs ?? [];
            Assert.True(expected.Length == added.Length && expected.Zip(added).All(p => p.First.EndsWith('*') ? p.Second.StartsWith(p.First[..^1], StringComparison.Ordinal) : p.First == p.Second)
                || expected.Any(e => e.EndsWith('*')) && added.All(a => expected.Any(e => e.EndsWith('*') ? a.StartsWith(e[..^1], StringComparison.Ordinal) : a == e)),
                $"written: {string.Join(", ", added)}; expected: {string.Join(", ", expected)}");
            c.Check?.Invoke();
        }
        finally
        {
            foreach (var mount in Directory.Exists(folder.Path) ? Directory.GetDirectories(folder.Path, "mnt-*") : []) Run("umount", mount);
            if (OperatingSystem.IsLinux() && Directory.Exists(folder.Path))
                foreach (var dir in Directory.GetDirectories(folder.Path, "locked-*")) File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void The_suite_covers_every_verb_with_at_least_seventy_cases()
    {
        Assert.True(Cases.Count >= 70, $"{Cases.Count} cases");
        foreach (var verb in new[] { "enhance", "upscale", "info", "measure", "eval", "train", "export", "methods" })
            Assert.Contains(Cases.Keys, k => k.StartsWith(verb + " ", StringComparison.Ordinal));
    }
}
