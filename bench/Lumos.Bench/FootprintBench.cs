using System.Globalization;
using System.Text.Json;
using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// The working memory of every built-in net per pixel of its input, on each engine: what each net's
/// <c>NetFootprint</c> (the tile side under <c>max-memory</c>) is set from. Each (net, engine, size) runs in a fresh
/// process: the net is loaded and run once on a tiny image, the RSS high-water mark is reset, then one untiled
/// operation runs on a square of random pixels (output sides 384 and 768 on ONNX Runtime, 192 and 384 on
/// TorchSharp). The slope between two sizes is the bytes per input pixel; the constant (runtime arenas, code) does
/// not scale with the tile, so it is left out of the budget.
/// </summary>
internal static class FootprintBench
{
    /// <summary>
    /// A net to measure: a registered method or upscaler, its scale, whether its input is the bicubic-upsampled image, and
    /// for a net that ships no weights (or a variant of one that does) the options of a checkpoint made with initial
    /// weights (memory does not depend on them), shown as <paramref name="Label"/>.
    /// </summary>
    private sealed record Case(string Name, int Scale, bool Upsampled, object? Seeded = null, string? Label = null)
    {
        public bool Upscaler => Scale > 1;

        public string Key => Label ?? Name;
    }

    private static readonly Case[] Cases =
    [
        new("zerodce", 1, false), new("mbllen", 1, false), new("pairlie", 1, false), new("retinexnet", 1, false), new("dncnn", 1, false),
        new("srcnn", 3, true), new("srcnn", 3, true, new SrcnnOptions { MappingKernel = 5 }, "srcnn-955"), new("fsrcnn", 3, false),
        new("espcn", 3, false), new("vdsr", 3, true), new("srresnet", 4, false, new SrResNetOptions { Scale = 4 }),
    ];

    // Output sides: large enough for the slope to dwarf the constant, small enough for TorchSharp without oneDNN
    // (MBLLEN at 256² takes half a minute there), whose bytes per pixel still grow a little with the size (glibc keeps
    // freed blocks, as the CLI asks it to, and big ones fragment).
    private static readonly Dictionary<string, (int Small, int Large)> Sides = new()
    {
        ["onnx"] = (384, 768),
        ["torch"] = (192, 384),
    };

    public static int Run(BenchSettings settings)
    {
        if (settings.FootprintCase is string spec)
        {
            Console.Out.Write(JsonSerializer.Serialize(MeasureHere(spec)));
            return 0;
        }
        var engines = settings.Engines ?? ["onnx", "torch"];
        var rows = new List<string[]>();
        foreach (var c in Cases.Where(c => settings.Methods is null || settings.Methods.Contains(c.Key)))
            foreach (var engine in engines)
            {
                var (small, large) = Sides.TryGetValue(engine, out var sides) ? sides : throw new LumosException($"--engines: '{engine}' is not onnx or torch");
                Console.Error.WriteLine($"  {c.Key} on {engine}...");
                (small, large) = c.Upsampled ? (small, large) : (small / c.Scale, large / c.Scale); // net-input sides
                long peakSmall = InChildProcess($"{c.Key}:{engine}:{small}"), peakLarge = InChildProcess($"{c.Key}:{engine}:{large}");
                double slope = (peakLarge - peakSmall) / ((double)large * large - (double)small * small);
                rows.Add([c.Key, engine, $"{small}, {large}", $"{peakSmall / 1048576.0:0}, {peakLarge / 1048576.0:0}", slope.ToString("0", CultureInfo.InvariantCulture)]);
            }
        string caption = $"Peak RSS above the loaded, warmed-up net of one untiled operation on a square of random pixels (sides in the net's input pixels: "
            + $"the upsampled image for SRCNN and VDSR, the low-resolution one for the other upscalers), each in a fresh process; bytes per input pixel = "
            + $"the slope between the two sizes; {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
        ResultTable.Print(["net", "engine", "input sides", "peak MiB (small, large)", "bytes per input pixel"], rows, caption, settings.Markdown);
        return 0;
    }

    private static long InChildProcess(string spec)
    {
        using var process = System.Diagnostics.Process.Start(WorkerProcess.StartSelf(["footprint", "--footprint-case", spec]))!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new LumosException($"the footprint measurement of {spec} failed (exit code {process.ExitCode})");
        return JsonSerializer.Deserialize<long>(output);
    }

    /// <summary>Peak RSS in bytes above the warmed-up baseline of one untiled run of NAME:ENGINE:SIDE.</summary>
    private static long MeasureHere(string spec)
    {
        var parts = spec.Split(':');
        var c = Cases.FirstOrDefault(c => c.Key == parts[0]) ?? throw new LumosException($"--footprint-case: unknown net '{parts[0]}'");
        string engine = parts[1];
        GlibcHeap.KeepFreedMemory(); // as the CLI runs
        int side = int.Parse(parts[2], CultureInfo.InvariantCulture);
        int imageSide = c.Upsampled ? side / c.Scale : side;
        using var work = new TempDirectory();
        var parameters = new Dictionary<string, string> { ["engine"] = engine, ["tile"] = "65536" };
        if (c.Seeded is not null) parameters["weights"] = SeededCheckpoint(work.Path, c.Name, c.Seeded);
        Func<Mat, Mat> run;
        if (c.Upscaler)
        {
            var upscaler = Upscalers.Registry.Create(c.Name, parameters);
            run = image => Upscaler.Apply(upscaler, image, c.Scale);
        }
        else
        {
            var method = EnhancementMethods.Registry.Create(c.Name, parameters);
            run = image => Enhancer.Apply(method, image);
        }
        using (var tiny = RandomImage(32)) run(tiny).Dispose();
        using var input = RandomImage(imageSide);
        GC.Collect();
        long baseline = PeakMemory.Reset() ?? throw new LumosException("peak memory is not readable here (/proc/self/clear_refs)");
        run(input).Dispose();
        return (PeakMemory.Peak() ?? 0) - baseline;
    }

    private static Mat RandomImage(int side)
    {
        var image = new Mat(side, side, MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(256));
        return image;
    }

    /// <summary>A checkpoint of <paramref name="arch"/> built with <paramref name="options"/> and its initial weights.</summary>
    private static string SeededCheckpoint(string folder, string arch, object options)
    {
        using var net = NetArchs.Registry.Get(arch).Create(options);
        var path = Path.Combine(folder, $"{arch}{Checkpoint.Extension}");
        Checkpoint.Save(path, net, new CheckpointMeta { Arch = arch, Options = Checkpoint.OptionsOf(options) });
        return path;
    }
}
