using System.Diagnostics;
using System.Text.Json;
using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Nets;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using Lumos.Nets.Onnx;
using Lumos.Onnx;
using Lumos.SuperResolution;
using OpenCvSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Lumos.Bench;

/// <summary>
/// Every built-in net on three engines with the same weights and the same random input: ONNX Runtime (the graph
/// <see cref="NetExport"/> writes, run by <see cref="OnnxNetSession"/>), TorchSharp (after <see cref="TorchRuntime.EnsureCorrect"/>
/// made its convolutions correct) and Debian's PyTorch CPU (bench/peers/torch_engines.py, a process serving runs).
/// Each engine, at each thread count, is measured the same way: threads set in its process (ONNX Runtime's intra-op
/// threads, <c>set_num_threads</c>), one warm-up forward pass, then the median of the timed ones, in ms per output
/// megapixel; no tiling, no image I/O. The engines' timed runs are interleaved, so on a shared machine each sees the
/// same load. Outputs are compared with TorchSharp's. Then the peak memory of two whole operations on the default
/// engine, and on request an ONNX Runtime profile of each net (<see cref="OrtProfile"/>).
/// </summary>
internal static class EnginesBench
{
    private const string Onnx = "ONNX Runtime", Torch = "TorchSharp", PyTorch = "PyTorch";

    /// <summary>Largest output difference, relative to the output range, that counts as agreement (correct engines differ by ~1e-6).</summary>
    private const double Tolerance = 1e-4;

    // Small outputs: TorchSharp without oneDNN convolves through im2col/col2im buffers of (channels × kernel²) ×
    // pixels floats, so its ms per megapixel grows with the image (PyTorch 1.13 with oneDNN off, MBLLEN, 1 thread:
    // 126 / 173 / 486 s per MP at 64² / 128² / 256²) and a 256² MBLLEN takes half a minute per run. 128×128 outputs
    // for the three heavy nets and 256×256 inputs for the rest keep the whole run under 5 minutes on 2 shared cores, and
    // favour TorchSharp rather than ONNX Runtime.
    private static readonly NetCase[] Cases =
    [
        new("zerodce", 1, new ZeroDceOptions(), false, 3, 256),
        new("mbllen", 1, new MbllenOptions(), false, 3, 128),
        new("srcnn", 3, new SrcnnOptions(), true, 1, 256),
        new("fsrcnn", 3, new FsrcnnOptions { Scale = 3 }, false, 1, 768),
        new("espcn", 3, new EspcnOptions { Scale = 3 }, false, 1, 768),
        new("vdsr", 3, new VdsrOptions(), true, 1, 128),
        new("srresnet", 4, new SrResNetOptions { Scale = 4 }, false, 3, 128),
    ];

    private sealed record Timing(int Case, int Threads, string Engine, double MsPerMegapixel);

    public static int Run(BenchSettings settings)
    {
        if (settings.MemoryRow is string memoryRow)
        {
            Console.Out.Write(JsonSerializer.Serialize(EngineMemoryRows.Measure(memoryRow, settings.Image)));
            return 0;
        }
        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        string backend = TorchBackend();
        Console.Error.WriteLine($"  TorchSharp: {backend}");
        string? pyTorch = PyTorchEngine.Version();
        var labels = new Dictionary<int, string>();
        var names = new Dictionary<string, string>();
        var timings = new List<Timing>();
        var agreement = new List<string>();
        var disagreeing = new List<string>();
        var profiles = new List<(string Title, OrtProfile Profile)>();
        using var work = new TempDirectory();
        for (int index = 0; index < Cases.Length; index++)
        {
            var c = Cases[index];
            if (settings.Methods is not null && !settings.Methods.Contains(c.Arch)) continue;
            if (settings.Sides?.GetValueOrDefault(c.Arch) is int sideOverride and > 0) c = c with { OutputSide = sideOverride };
            var (net, model, weights) = c.Prepare();
            using var _ = net;
            var (input, planar) = c.Input();
            using var __ = input;
            bool Wanted(string kind) => settings.Engines is null || settings.Engines.Contains(kind, StringComparer.OrdinalIgnoreCase);
            var engines = new List<(string Kind, IBenchEngine Engine)>();
            if (Wanted("onnx")) engines.Add((Onnx, new OnnxRuntimeEngine(model, c.Arch, planar)));
            if (Wanted("torch")) engines.Add((Torch, new TorchSharpEngine(net, input)));
            if (Wanted("pytorch") && pyTorch is not null && PyTorchEngine.Start(c.Arch, c.Scale, net, input, work.Path, pyTorch) is { } peer) engines.Add((PyTorch, peer));
            string size = "";
            try
            {
                var outputs = new Dictionary<string, float[]>();
                foreach (var (kind, engine) in engines)
                {
                    names[kind] = engine.Name;
                    outputs[kind] = engine.Output;
                }
                double megapixels = outputs.Values.First().Length / (double)c.Channels / 1e6;
                int side = (int)Math.Round(Math.Sqrt(megapixels * 1e6));
                size = c.Scale == 1 ? $"{side}x{side}" : $"{side}x{side} out";
                labels[index] = $"{c.Arch}{(c.Scale == 1 ? "" : $" x{c.Scale}")} ({weights}, {size})";

                var differences = new List<string>();
                if (outputs.TryGetValue(Torch, out var reference))
                    foreach (var kind in new[] { Onnx, PyTorch }.Where(outputs.ContainsKey))
                    {
                        double difference = RelativeDifference(reference, outputs[kind]);
                        if (difference > Tolerance) disagreeing.Add($"{c.Arch} ({kind})");
                        differences.Add($"{kind} {difference:0.0E+0}");
                    }
                string independent = outputs.TryGetValue(Onnx, out var onnxOutput) && outputs.TryGetValue(PyTorch, out var peerOutput)
                    ? $" ({Onnx} vs {PyTorch} {RelativeDifference(peerOutput, onnxOutput):0.0E+0})" : "";
                if (differences.Count > 0 || independent.Length > 0) agreement.Add($"{c.Arch} {string.Join(", ", differences)}{independent}");

                foreach (int threads in settings.Threads)
                {
                    Console.Error.WriteLine($"  {c.Arch} at {threads} thread(s): {string.Join(", ", engines.Select(e => e.Kind))}, interleaved...");
                    foreach (var (kind, ms) in Interleaved(engines, threads, settings.Repeats))
                        timings.Add(new Timing(index, threads, kind, ms / megapixels));
                }
            }
            finally
            {
                foreach (var (_, engine) in engines) engine.Dispose();
            }
            if (settings.Profile)
            {
                int threads = settings.Threads.Max();
                Console.Error.WriteLine($"  {c.Arch} {Onnx} profile at {threads} thread(s)...");
                profiles.Add(($"{c.Arch} on {Onnx} {OnnxRuntimeEngine.Version}, {threads} thread(s), {size}",
                    OrtProfile.Measure(model, planar, threads, settings.Repeats)));
            }
        }

        var rows = Rows(timings, labels, names);
        if (settings.Methods is null || settings.Methods.Contains("memory"))
        {
            rows.Add(EngineMemoryRows.InChildProcess("zerodce", settings.Image));
            rows.Add(EngineMemoryRows.InChildProcess("retinexnet", settings.Image));
            rows.Add(EngineMemoryRows.InChildProcess("fsrcnn", settings.Image));
        }

        string caption = $"ms per output megapixel in the 'median ms' column: median of {settings.Repeats} runs after 1 warm-up per engine and thread "
            + $"count, the engines' runs interleaved (so each sees the same machine load) and each started after a {PauseMs} ms pause; threads set in "
            + $"the process (ONNX Runtime intra-op threads, torch.set_num_threads); same weights and random input (seed 1) on every engine, no tiling; "
            + $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, 1-minute load average {load} at the start; "
            + $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}: {backend}; ONNX Runtime {OnnxRuntimeEngine.Version} (graph optimisation 'all'); "
            + $"{(pyTorch is null ? "PyTorch peer absent" : $"PyTorch {pyTorch} (Debian python3-torch, oneDNN on)")}."
            + (rows.Count > timings.Count ? " Memory rows: a whole Enhancer.Apply / Upscaler.Apply on the default engine (ONNX Runtime) at all cores, each in a fresh process, peak RSS above the baseline after loading the net." : "");
        var notes = new List<string>
        {
            $"Output agreement, max |engine − TorchSharp| / range of TorchSharp's output: {(agreement.Count == 0 ? "not checked (fewer than two engines)" : string.Join("; ", agreement))}.",
        };
        if (disagreeing.Count > 0)
            notes.Add($"WARNING: {Torch}'s output differs by more than {Tolerance:0E+0} of its range from another engine's on {string.Join(", ", disagreeing)}: "
                + $"where the others agree, its backend computed wrong values, so its times are not those of a correct backend.");
        notes.AddRange(Ratios(timings, labels.Keys, settings.Threads, names.ContainsKey(PyTorch)));

        ResultTable.Print(rows, caption);
        foreach (var note in notes) Console.WriteLine(note);
        if (settings.Markdown is not null) ResultTable.WriteMarkdown(rows, string.Join("\n\n", [caption, .. notes]), settings.Markdown);
        foreach (var (title, profile) in profiles) profile.Report(title, settings.Markdown);
        return 0;
    }

    private const int PauseMs = 20;

    /// <summary>
    /// Makes TorchSharp's convolutions correct as every Lumos net does before it runs (the float64 self-check, oneDNN
    /// off where it is wrong; LUMOS_TORCH_ONEDNN forces either) and says in one line which backend is timed.
    /// </summary>
    private static string TorchBackend()
    {
        string version = TorchRuntime.Version();
        var report = TorchRuntime.EnsureCorrect();
        string state = report switch
        {
            { Mode: OneDnnMode.Auto, OneDnnWrong: true } =>
                $"oneDNN off: TorchRuntime.EnsureCorrect found it wrong here ({report.Checks.First(c => !c.Passed)}; with oneDNN off the worst is {report.FallbackChecks.Max(c => c.RelativeError):0.0e+0})",
            { Mode: OneDnnMode.Auto } => $"oneDNN on: TorchRuntime.EnsureCorrect's self-check passed (worst rel. error {report.Checks.Max(c => c.RelativeError):0.0e+0})",
            _ => $"oneDNN {(report.OneDnnEnabled ? "on" : "off")}, unchecked ({TorchRuntime.OneDnnVariable}={report.Mode.ToString().ToLowerInvariant()})",
        };
        return $"libtorch {version}, {state}";
    }

    /// <summary>
    /// Sets <paramref name="threads"/> on every engine, runs each once to warm it up, then <paramref name="repeats"/>
    /// rounds of one timed run per engine (the order rotating each round) and returns each engine's median. Each run
    /// starts after a short pause, so the previous engine's worker threads have stopped spinning.
    /// </summary>
    private static IEnumerable<(string Kind, double MedianMs)> Interleaved(List<(string Kind, IBenchEngine Engine)> engines, int threads, int repeats)
    {
        foreach (var (_, engine) in engines)
        {
            engine.SetThreads(threads);
            engine.Run();
        }
        var times = engines.Select(_ => new double[repeats]).ToArray();
        for (int round = 0; round < repeats; round++)
            for (int k = 0; k < engines.Count; k++)
            {
                int e = (k + round) % engines.Count;
                Thread.Sleep(PauseMs);
                times[e][round] = engines[e].Engine.Run();
            }
        for (int e = 0; e < engines.Count; e++)
        {
            Array.Sort(times[e]);
            yield return (engines[e].Kind, times[e][repeats / 2]);
        }
    }

    /// <summary>Largest absolute difference relative to the range of <paramref name="reference"/>.</summary>
    /// <summary>Max |other − reference| over the range of <paramref name="reference"/>; infinite for a size mismatch or NaN.</summary>
    internal static double RelativeDifference(float[] reference, float[] other)
    {
        if (reference.Length != other.Length) return double.PositiveInfinity;
        double worst = 0, min = double.MaxValue, max = double.MinValue;
        for (int i = 0; i < reference.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs((double)reference[i] - other[i]));
            min = Math.Min(min, reference[i]);
            max = Math.Max(max, reference[i]);
        }
        return double.IsNaN(worst) ? double.PositiveInfinity : worst / Math.Max(max - min, 1e-12);
    }

    /// <summary>Rows by net, then thread count, then engine (ONNX Runtime, TorchSharp, PyTorch).</summary>
    private static List<BenchRow> Rows(List<Timing> timings, Dictionary<int, string> labels, Dictionary<string, string> names)
    {
        string[] order = [Onnx, Torch, PyTorch];
        return timings.OrderBy(t => t.Case).ThenBy(t => t.Threads).ThenBy(t => Array.IndexOf(order, t.Engine))
            .Select(t => new BenchRow($"{labels[t.Case]} {names[t.Engine]}", t.Engine == PyTorch, t.Threads, t.MsPerMegapixel, 1000 / t.MsPerMegapixel, null))
            .ToList();
    }

    /// <summary>How many times faster ONNX Runtime is, per net and thread count, against the issue's targets.</summary>
    private static IEnumerable<string> Ratios(List<Timing> timings, IEnumerable<int> cases, IReadOnlyList<int> threadCounts, bool withPeer)
    {
        double? Time(int c, int threads, string engine) => timings.FirstOrDefault(t => t.Case == c && t.Threads == threads && t.Engine == engine)?.MsPerMegapixel;
        string Ratio(double? slower, double? faster) => slower is double s && faster is double f ? $"{s / f:0.0}×" : "n/a";
        string threadsText = string.Join(" / ", threadCounts.Select(t => t == 1 ? "1 thread" : $"{t} threads"));
        var list = cases.ToArray();

        var below = list.Where(c => threadCounts.Any(t => Time(c, t, Torch) / Time(c, t, Onnx) is not >= 3)).Select(c => Cases[c].Arch).ToArray();
        yield return $"{Onnx} vs corrected {Torch} ({Torch} time / {Onnx} time, {threadsText}): "
            + string.Join(", ", list.Select(c => $"{Cases[c].Arch} {string.Join(" / ", threadCounts.Select(t => Ratio(Time(c, t, Torch), Time(c, t, Onnx))))}"))
            + $". Target ≥ 3× on every net and thread count: {(below.Length == 0 ? "met" : $"not met on {string.Join(", ", below)}")}.";
        if (withPeer)
            yield return $"{Onnx} vs {PyTorch} ({PyTorch} time / {Onnx} time, {threadsText}): "
                + string.Join(", ", list.Select(c => $"{Cases[c].Arch} {string.Join(" / ", threadCounts.Select(t => Ratio(Time(c, t, PyTorch), Time(c, t, Onnx))))}")) + ".";
        int mbllen = Array.FindIndex(Cases, c => c.Arch == "mbllen");
        if (list.Contains(mbllen) && threadCounts.Contains(2) && Time(mbllen, 2, Onnx) is double ms)
            yield return $"MBLLEN on {Onnx} at 2 threads: {ms:0} ms per megapixel (target < 10000: {(ms < 10000 ? "met" : "not met")}).";
    }
}
