using System.IO.Compression;
using System.Text;
using Lumos.Imaging;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Onnx;
using OpenCvSharp;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Lumos.Fuzz;

/// <summary>
/// The seed corpus, made by the library's own writers from the bundled samples and from tiny nets, so nothing large is
/// committed: small images in every format Lumos reads, a tiny checkpoint (whole, and its meta.json and weights.bin
/// alone for the checkpoint target's wrapping), a tiny .pth in both PyTorch formats, a tiny exported ONNX model and a
/// tiny Keras MBLLEN weight file. The CMYK JPEG and the Keras file come from the tests' own writers (linked, not copied).
/// </summary>
public static class Seeds
{
    private static readonly ZeroDceOptions TinyZeroDce = new() { Channels = 4, Iterations = 1 };

    private static Lazy<byte[]> TinyCheckpoint { get; } = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"lumos-fuzz-seed-{Environment.ProcessId}.lumosnet");
        try
        {
            using var net = new ZeroDce(TinyZeroDce);
            Checkpoint.Save(path, net, new CheckpointMeta { Arch = "zerodce", Options = Checkpoint.OptionsOf(TinyZeroDce), Steps = 1, LossCurve = [0.5] });
            return File.ReadAllBytes(path);
        }
        finally { File.Delete(path); }
    });

    /// <summary>The seed checkpoint's <c>meta.json</c>.</summary>
    internal static Lazy<byte[]> CheckpointMeta { get; } = new(() => Entry(TinyCheckpoint.Value, "meta.json"));

    /// <summary>The seed checkpoint's <c>weights.bin</c>.</summary>
    internal static Lazy<byte[]> CheckpointWeights { get; } = new(() => Entry(TinyCheckpoint.Value, "weights.bin"));

    /// <summary>Writes every target's seeds under <paramref name="root"/>/TARGET/.</summary>
    public static void Write(string root)
    {
        Images(Folder(root, "image"));
        var checkpoints = Folder(root, "checkpoint");
        File.WriteAllBytes(Path.Combine(checkpoints, "tiny.lumosnet"), TinyCheckpoint.Value);
        File.WriteAllBytes(Path.Combine(checkpoints, "meta.json"), CheckpointMeta.Value);
        File.WriteAllBytes(Path.Combine(checkpoints, "weights.bin"), CheckpointWeights.Value);
        Pth(Folder(root, "pth"));
        using (var net = new ZeroDce(TinyZeroDce))
            File.WriteAllBytes(Path.Combine(Folder(root, "onnx"), "zerodce-tiny.onnx"), NetExport.FromNet(net, TinyZeroDce).Model);
        Lumos.Tests.Nets.Import.TinyKeras.Write(Path.Combine(Folder(root, "h5"), "mbllen-tiny.h5"));
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            Console.WriteLine($"{folder}: {string.Join(", ", Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} B"))}");
    }

    private static string Folder(string root, string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;

    // Each bundled sample shrunk to 24×16 (the fuzzer prefers inputs of a few hundred bytes), written in every format
    // and layout Lumos reads: colour, grey, alpha, 16-bit.
    private static void Images(string folder)
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "samples");
        foreach (var file in Directory.GetFiles(samples).Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".jpg", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var sample = Cv2.ImRead(file, ImreadModes.Color);
            using var small = sample.Resize(new OpenCvSharp.Size(24, 16), interpolation: InterpolationFlags.Area);
            var name = Path.GetFileNameWithoutExtension(file);
            foreach (var extension in new[] { ".png", ".jpg", ".tif", ".bmp", ".webp" })
                Save(small, Path.Combine(folder, name + extension));
            using var grey = small.CvtColor(ColorConversionCodes.BGR2GRAY);
            Save(grey, Path.Combine(folder, name + "-grey.png"));
            Save(grey, Path.Combine(folder, name + "-grey.jpg"));
            using var alpha = small.CvtColor(ColorConversionCodes.BGR2BGRA);
            Save(alpha, Path.Combine(folder, name + "-alpha.png"));
            using var deep = new Mat();
            small.ConvertTo(deep, MatType.CV_16UC3, 257);
            Save(deep, Path.Combine(folder, name + "-16bit.png"));
            Save(deep, Path.Combine(folder, name + "-16bit.tif"));
        }
        File.WriteAllBytes(Path.Combine(folder, "cmyk.jpg"), Lumos.Tests.Imaging.CmykJpeg.Flat(24, 16, [200, 100, 50, 255]));
    }

    private static void Save(Mat image, string path) => ImageIO.Write(image, path, new WriteOptions { Overwrite = true, WebPQuality = 50 });

    // The zip format as TorchSharp.PyBridge writes it (PyTorch >= 1.6), and the same state dict in the legacy stream
    // format: the magic number, protocol and system-info pickles, the object pickle (data.pkl, whose persistent ids
    // the legacy format shares), the storage-key list pickle, then each storage as an int64 count and its bytes.
    private static void Pth(string folder)
    {
        var zipPath = Path.Combine(folder, "zerodce-tiny.pth");
        using (var net = new ZeroDce(TinyZeroDce)) net.save_py(zipPath);
        using var archive = ZipFile.OpenRead(zipPath);
        var pickle = archive.Entries.Single(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal));
        var prefix = pickle.FullName[..^"data.pkl".Length] + "data/";
        var storages = archive.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal))
            .Select(e => (Key: e.FullName[prefix.Length..], Bytes: Read(e)))
            .OrderBy(s => int.Parse(s.Key, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        using var legacy = new MemoryStream();
        legacy.Write([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.']); // magic 0x1950a86a20f9469cfc6c
        legacy.Write([0x80, 0x02, (byte)'M', 0xe9, 0x03, (byte)'.']); // protocol 1001
        legacy.Write([0x80, 0x02, (byte)'}', (byte)'.']); // system info (read and ignored)
        legacy.Write(Read(pickle));
        legacy.Write([0x80, 0x02, (byte)']', (byte)'(']);
        foreach (var (key, _) in storages)
        {
            var utf8 = Encoding.UTF8.GetBytes(key);
            legacy.WriteByte((byte)'X');
            legacy.Write(BitConverter.GetBytes(utf8.Length));
            legacy.Write(utf8);
        }
        legacy.Write([(byte)'e', (byte)'.']);
        foreach (var (_, bytes) in storages)
        {
            legacy.Write(BitConverter.GetBytes((long)(bytes.Length / sizeof(float))));
            legacy.Write(bytes);
        }
        File.WriteAllBytes(Path.Combine(folder, "zerodce-tiny-legacy.pth"), legacy.ToArray());
    }

    private static byte[] Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return Read(archive.GetEntry(name)!);
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
