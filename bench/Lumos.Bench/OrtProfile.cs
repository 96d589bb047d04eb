using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lumos.Imaging;
using Lumos.Onnx;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;

namespace Lumos.Bench;

/// <summary>Where an ONNX model's time goes on ONNX Runtime: its profiler's kernel times, summed per operator type and per convolution shape.</summary>
/// <param name="RunMs">Median wall time of one profiled run.</param>
/// <param name="Megapixels">Output megapixels of one run.</param>
/// <param name="ByOperator">Kernel time per operator type (as ONNX Runtime ran it, after its graph fusions).</param>
/// <param name="ByLayer">Kernel time per operator type and, for convolutions, channels and kernel.</param>
/// <param name="ExtendedRunMs">Median wall time of one run, unprofiled, at graph optimisation level 'extended' (no NCHWc layout).</param>
internal sealed record OrtProfile(double RunMs, double Megapixels, IReadOnlyList<OrtProfile.Share> ByOperator, IReadOnlyList<OrtProfile.Share> ByLayer, double ExtendedRunMs)
{
    /// <summary>Time of one group of nodes.</summary>
    /// <param name="Name">Operator type, or type and weight shape.</param>
    /// <param name="Nodes">Nodes in the group.</param>
    /// <param name="MsPerRun">Summed kernel time per run.</param>
    /// <param name="Percent">Share of all kernel time.</param>
    internal sealed record Share(string Name, int Nodes, double MsPerRun, double Percent);

    /// <summary>
    /// Profiles <paramref name="runs"/> runs after one warm-up run (left out of the sums), with the session options
    /// <see cref="Lumos.Nets.Inference.OnnxNetSession"/> uses (graph optimisation 'all', intra-op threads).
    /// </summary>
    public static OrtProfile Measure(byte[] model, PlanarImage input, int threads, int runs)
    {
        string prefix = Path.Combine(Path.GetTempPath(), $"lumos-ort-profile-{Environment.ProcessId}");
        long outputPixels = 0;
        double extended;
        using (var plain = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, IntraOpNumThreads = threads })
        using (var session = new InferenceSession(model, plain))
            extended = MedianRun(session, input, runs, out outputPixels);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
            EnableProfiling = true,
            ProfileOutputPathPrefix = prefix,
        };
        using var profiled = new InferenceSession(model, options);
        double median = MedianRun(profiled, input, runs, out _);
        string file = profiled.EndProfiling();
        try { return Summarise(File.ReadAllText(file), median, outputPixels / 1e6, extended); }
        finally { File.Delete(file); }
    }

    /// <summary>One warm-up run, then the median wall time of <paramref name="runs"/> runs.</summary>
    private static double MedianRun(InferenceSession session, PlanarImage input, int runs, out long outputPixels)
    {
        string inputName = session.InputMetadata.Keys.First(), outputName = session.OutputMetadata.Keys.First();
        using var runOptions = new RunOptions();
        long pixels = 0;
        double Run()
        {
            var clock = Stopwatch.StartNew();
            using var value = OrtValue.CreateTensorValueFromMemory(input.Data, input.Shape);
            using var results = session.Run(runOptions, [inputName], [value], [outputName]);
            var shape = results[0].GetTensorTypeAndShape().Shape;
            pixels = shape[2] * shape[3];
            return clock.Elapsed.TotalMilliseconds;
        }
        Run();
        var times = Enumerable.Range(0, runs).Select(_ => Run()).Order().ToArray();
        outputPixels = pixels;
        return times[runs / 2];
    }

    /// <summary>Sums the node kernel times of every run but the first (the warm-up) from ONNX Runtime's profile JSON.</summary>
    private static OrtProfile Summarise(string json, double runMs, double megapixels, double extendedRunMs)
    {
        using var document = JsonDocument.Parse(json);
        var events = document.RootElement.EnumerateArray().ToArray();
        var runStarts = events.Where(e => e.GetProperty("cat").GetString() == "Session" && e.GetProperty("name").GetString() == "model_run")
            .Select(e => e.GetProperty("ts").GetInt64()).Order().ToArray();
        if (runStarts.Length < 2) throw new LumosException("the ONNX Runtime profile holds no timed run");
        int runs = runStarts.Length - 1;
        var kernels = events
            .Where(e => e.GetProperty("cat").GetString() == "Node" && e.GetProperty("ts").GetInt64() >= runStarts[1]
                && e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal))
            .Select(e => (Node: e.GetProperty("name").GetString()!, Op: e.GetProperty("args").GetProperty("op_name").GetString()!,
                Layer: Layer(e.GetProperty("args").GetProperty("op_name").GetString()!, e.GetProperty("args")), Us: e.GetProperty("dur").GetDouble()))
            .ToArray();
        double total = kernels.Sum(k => k.Us);
        List<Share> Group(Func<(string Node, string Op, string Layer, double Us), string> key) => kernels.GroupBy(key)
            .Select(g => new Share(g.Key, g.Select(k => k.Node).Distinct().Count(), g.Sum(k => k.Us) / 1000 / runs, 100 * g.Sum(k => k.Us) / total))
            .OrderByDescending(s => s.MsPerRun).ToList();
        return new OrtProfile(runMs, megapixels, Group(k => k.Op), Group(k => k.Layer.Length == 0 ? k.Op : $"{k.Op} {k.Layer}"), extendedRunMs);
    }

    /// <summary>
    /// A convolution's channels and kernel, e.g. "32→16 k5", from the activation shapes the profiler records (ONNX
    /// Runtime leaves out weights it pre-packed, and its NCHWc layout pads channels, so the weights are read only for
    /// the kernel side when they are there); "" for other operators.
    /// </summary>
    private static string Layer(string op, JsonElement args)
    {
        if (!op.Contains("Conv", StringComparison.Ordinal)) return "";
        static long[]? Shape(JsonElement args, string field, int index) =>
            args.TryGetProperty(field, out var list) && list.GetArrayLength() > index
                ? list[index].EnumerateObject().Select(t => t.Value.EnumerateArray().Select(d => d.GetInt64()).ToArray()).FirstOrDefault()
                : null;
        var input = Shape(args, "input_type_shape", 0);
        var output = Shape(args, "output_type_shape", 0);
        var weight = Shape(args, "input_type_shape", 1);
        if (input is not { Length: 4 } || output is not { Length: 4 }) return "";
        string kernel = weight is { Length: 4 } ? $" k{weight[3]}" : "";
        return $"{input[1]}→{output[1]}{kernel}";
    }

    /// <summary>Prints the two summaries and a one-line digest; appends them to <paramref name="markdown"/> when given.</summary>
    public void Report(string title, string? markdown)
    {
        double kernelMs = ByOperator.Sum(s => s.MsPerRun);
        double convTranspose = ByOperator.Where(s => s.Name.Contains("ConvTranspose", StringComparison.Ordinal)).Sum(s => s.Percent);
        double conv = ByOperator.Where(s => s.Name.Contains("Conv", StringComparison.Ordinal)).Sum(s => s.Percent) - convTranspose;
        string digest = string.Create(CultureInfo.InvariantCulture,
            $"{title}: {RunMs:0} ms per run ({RunMs / Megapixels:0} ms per output MP), {kernelMs:0} ms of it in kernels: "
            + $"convolutions (Conv, FusedConv) {conv:0}%, ConvTranspose {convTranspose:0}%, everything else {100 - conv - convTranspose:0}%; "
            + $"{ExtendedRunMs:0} ms per run at optimisation level 'extended' (no NCHWc layout).");
        var text = new StringBuilder();
        foreach (var (heading, shares) in new[] { ("operator", ByOperator), ("operator and channels", ByLayer.Take(12).ToList()) })
        {
            var table = new Table();
            foreach (var header in new[] { heading, "nodes", "ms per run", "share" })
                table.AddColumn(header == heading ? new TableColumn(header) : new TableColumn(header).RightAligned());
            text.AppendLine().AppendLine($"| {heading} | nodes | ms per run | share |").AppendLine("|---|---:|---:|---:|");
            foreach (var s in shares)
            {
                string[] cells = [s.Name, s.Nodes.ToString(CultureInfo.InvariantCulture), s.MsPerRun.ToString("0.0", CultureInfo.InvariantCulture), s.Percent.ToString("0.0", CultureInfo.InvariantCulture) + "%"];
                table.AddRow(cells.Select(Markup.Escape).ToArray());
                text.AppendLine($"| {string.Join(" | ", cells)} |");
            }
            AnsiConsole.Write(table);
        }
        AnsiConsole.WriteLine(digest);
        if (markdown is not null) File.AppendAllText(markdown, text.AppendLine().AppendLine(digest).ToString());
    }
}
