using Lumos.Processing;
using System.Diagnostics;
using System.Globalization;
using Lumos.Methods;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using OpenCvSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Lumos.Bench;

/// <summary>
/// Net inference speed: each net on a random 1×3×H×W input (no image I/O), untiled and tiled (256-pixel tiles,
/// 32-pixel overlap), at 1 and 2 libtorch threads, against the same net with the same weights in PyTorch CPU
/// (Debian's python3-torch, bench/peers/torch_nets.py, same thread count) measured in the same run; then the
/// peak resident memory of a whole 24-megapixel Zero-DCE enhancement with the default tiling.
/// </summary>
internal static class NetsBench
{
    internal const string Python = "/usr/bin/python3";

    public static int Run(BenchSettings settings)
    {
        string shared = SharedWeights();
        var nets = new (string Arch, string Weights, string PeerWeights, int Side)[]
        {
            ("zerodce", Path.Combine(shared, "zerodce", "Epoch99.pth"), Path.Combine(shared, "zerodce", "Epoch99.pth"), 1000),
            ("mbllen", "mbllen", Path.Combine(shared, "mbllen", "Syn_img_lowlight_withnoise.h5"), 400),
        };
        var rows = new List<BenchRow>();
        foreach (var (arch, weights, peerWeights, side) in nets.Where(n => settings.Methods is null || settings.Methods.Contains(n.Arch)))
        {
            var options = Lumos.Nets.Archs.NetArchs.Registry.Get(arch).OptionsType is { } type ? Activator.CreateInstance(type)! : new object();
            using var net = Checkpoint.LoadNet(arch, options, weights);
            net.eval();
            double megapixels = side * (double)side / 1e6;
            foreach (int threads in settings.Threads)
            {
                torch.set_num_threads(threads);
                foreach (var (label, plan) in new[] { ("untiled", (TilingPlan?)null), ("tiled 256", new TilingPlan(256, 32, 1024, 3000)) })
                {
                    Console.Error.WriteLine($"  {arch} {label} at {threads} thread(s)...");
                    double ms = Median(settings.Repeats, () =>
                    {
                        using var scope = NewDisposeScope();
                        using var noGrad = no_grad();
                        var input = rand(1, 3, side, side, generator: new Generator(1));
                        var clock = Stopwatch.StartNew();
                        if (plan is null) net.forward(input);
                        else Tiler.Run(t => TensorBridge.ToPlanar(net.forward(TensorBridge.ToTensor(t))), TensorBridge.ToPlanar(input), plan);
                        return clock.Elapsed.TotalMilliseconds;
                    });
                    rows.Add(new BenchRow($"{arch} {label} ({side}x{side})", false, threads, ms / megapixels, megapixels / (ms / 1000), null));
                }
                if (Peer(arch, peerWeights, side, threads, settings.Repeats) is double peerMs)
                    rows.Add(new BenchRow($"{arch} PyTorch {TorchVersion()} untiled ({side}x{side})", true, threads, peerMs / megapixels, megapixels / (peerMs / 1000), null));
            }
        }
        rows.Add(PeakOf24Megapixels(shared));

        string caption = $"ms per megapixel in the 'median ms' column (median of {settings.Repeats} runs after 1 warm-up); random input; "
            + $"{Environment.ProcessorCount} cores; last row: whole `Enhancer.Apply` of a 6000x4000 image with zerodce's default tiling (1 GiB budget), peak RSS above baseline";
        ResultTable.Print(rows, caption);
        if (settings.Markdown is not null) ResultTable.WriteMarkdown(rows, caption, settings.Markdown);
        return 0;
    }

    private static BenchRow PeakOf24Megapixels(string shared)
    {
        torch.set_num_threads(Environment.ProcessorCount);
        var method = Methods.EnhancementMethods.Registry.Create("zerodce", [new("weights", Path.Combine(shared, "zerodce", "Epoch99.pth"))]);
        using var image = new Mat(4000, 6000, MatType.CV_8UC3, new OpenCvSharp.Scalar(30, 25, 20));
        GC.Collect();
        long baseline = PeakMemory.Reset() ?? 0;
        Console.Error.WriteLine("  zerodce 24 MP enhancement (peak memory)...");
        var clock = Stopwatch.StartNew();
        Enhancer.Apply(method, image).Dispose();
        double ms = clock.Elapsed.TotalMilliseconds;
        double? peak = PeakMemory.Peak() is long p ? (p - baseline) / 1048576.0 : null;
        return new BenchRow("zerodce Enhancer.Apply 6000x4000 tiled (default)", false, Environment.ProcessorCount, ms / 24, 24 / (ms / 1000), peak);
    }

    internal static double Median(int repeats, Func<double> run)
    {
        run();
        var times = Enumerable.Range(0, repeats).Select(_ => run()).Order().ToArray();
        return times[times.Length / 2];
    }

    private static double? Peer(string arch, string weights, int side, int threads, int repeats)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "torch_nets.py");
        if (!File.Exists(Python) || !File.Exists(script) || !File.Exists(weights)) return null;
        Console.Error.WriteLine($"  {arch} PyTorch at {threads} thread(s)...");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, arch, weights, $"{side}", $"{side}", $"{threads}", $"{repeats}" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? double.Parse(output.Trim(), CultureInfo.InvariantCulture) : null;
    }

    internal static string TorchVersion()
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import torch; print(torch.__version__.split('a')[0])");
        using var process = Process.Start(start)!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version;
    }

    private static string SharedWeights()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "weights");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new LumosException("../shared/data/weights not found: the nets bench needs the official weights for the PyTorch peer");
    }
}
