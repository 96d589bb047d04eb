using System.Diagnostics;
using System.Text.Json;
using Lumos.Imaging;
using Lumos.Methods;
using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// The engines bench's memory rows: the peak memory of whole operations (24-megapixel Zero-DCE and Retinex-Net
/// enhancements, a ×4 FSRCNN upscale) on the default engine, each measured in a fresh process.
/// </summary>
internal static class EngineMemoryRows
{
    /// <summary>
    /// A memory row measured in a fresh process: one that has already run nets keeps their freed memory (managed heap,
    /// malloc arenas) and would serve a new peak from it without a rise in RSS.
    /// </summary>
    public static BenchRow InChildProcess(string row, string? image)
    {
        using var process = Process.Start(WorkerProcess.StartSelf(["engines", "--memory-row", row, .. image is null ? Array.Empty<string>() : ["--image", image]]))!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new LumosException($"the {row} memory measurement failed (exit code {process.ExitCode})");
        return JsonSerializer.Deserialize<BenchRow>(output) ?? throw new LumosException($"the {row} memory measurement wrote no row");
    }

    /// <summary>Measures one memory row in this process: what the child started by <see cref="InChildProcess"/> runs.</summary>
    public static BenchRow Measure(string row, string? image) => row switch
    {
        "zerodce" or "retinexnet" => PeakOf24MegapixelEnhancement(row),
        "fsrcnn" => PeakOfX4Upscale(image),
        _ => throw new LumosException($"--memory-row: '{row}' is not zerodce, retinexnet or fsrcnn"),
    };

    /// <summary>Peak memory of a whole 6000×4000 enhancement by the net <paramref name="name"/> (shipped weights) with the default engine and tiling.</summary>
    private static BenchRow PeakOf24MegapixelEnhancement(string name)
    {
        var method = EnhancementMethods.Registry.Create(name);
        using var image = new Mat(4000, 6000, MatType.CV_8UC3, new OpenCvSharp.Scalar(30, 25, 20));
        return Peak($"{name} Enhancer.Apply 6000x4000 (default engine and tiling)", 24, () => Enhancer.Apply(method, image).Dispose());
    }

    /// <summary>Peak memory of a whole ×4 FSRCNN (shipped) upscale of a 4000×3000 photo, banded, default engine.</summary>
    private static BenchRow PeakOfX4Upscale(string? imagePath)
    {
        var upscaler = Upscalers.Registry.Create("fsrcnn");
        var (image, _) = BenchImage.Load(imagePath);
        using (image)
            return Peak($"fsrcnn x4 Upscaler.Apply {image.Cols}x{image.Rows} -> {image.Cols * 4}x{image.Rows * 4} (default engine, banded)",
                image.Rows * 4.0 * image.Cols * 4 / 1e6, () => Upscaler.Apply(upscaler, image, 4).Dispose());
    }

    private static BenchRow Peak(string label, double megapixels, Action run)
    {
        GlibcHeap.KeepFreedMemory(); // as the CLI runs
        GC.Collect();
        long baseline = PeakMemory.Reset() ?? 0;
        Console.Error.WriteLine($"  {label} (peak memory)...");
        var clock = Stopwatch.StartNew();
        run();
        double ms = clock.Elapsed.TotalMilliseconds;
        double? peak = PeakMemory.Peak() is long p ? (p - baseline) / 1048576.0 : null;
        return new BenchRow(label, false, Environment.ProcessorCount, ms / megapixels, megapixels / (ms / 1000), peak);
    }
}
