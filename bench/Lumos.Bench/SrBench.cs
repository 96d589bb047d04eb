using System.Diagnostics;
using System.Globalization;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.SuperResolution;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Lumos.Bench;

/// <summary>
/// Super-resolution speed: each net's forward pass for a 0.25–1-megapixel output (random input, no tiling, no I/O)
/// at 1 and 2 threads in Lumos (TorchSharp), in PyTorch CPU with the very same weights and input
/// (bench/peers/torch_sr.py) and in ONNX Runtime on the model PyTorch exports from those weights; the outputs of
/// the three are compared. Last, the peak memory of a whole ×4 FSRCNN upscale of a 4000×3000 photo.
/// </summary>
internal static class SrBench
{
    public static int Run(BenchSettings settings)
    {
        // Output sides near 1 MP; the two heavy nets get a quarter of that (ms per MP does not depend on it).
        var nets = new (string Arch, int Scale, object Options, bool Upsampled, int Channels, int OutputSide)[]
        {
            ("srcnn", 3, new SrcnnOptions(), true, 1, 1020),
            ("fsrcnn", 3, new FsrcnnOptions { Scale = 3 }, false, 1, 1020),
            ("espcn", 3, new EspcnOptions { Scale = 3 }, false, 1, 1020),
            ("vdsr", 3, new VdsrOptions(), true, 1, 510),
            ("srresnet", 4, new SrResNetOptions { Scale = 4 }, false, 3, 512),
        };
        using var work = new TempDirectory();
        var rows = new List<BenchRow>();
        var notes = new List<string>();
        string torchVersion = NetsBench.TorchVersion();
        foreach (var (arch, scale, options, upsampled, channels, outputSide) in nets.Where(n => settings.Methods is null || settings.Methods.Contains(n.Arch)))
        {
            var (net, weights) = Load(arch, scale, options);
            using var _ = net;
            net.eval();
            int side = upsampled ? outputSide : outputSide / scale;
            using var input = rand(1, channels, side, side, generator: new Generator(1));
            using var reference = Forward(net, input);
            double megapixels = reference.shape[2] * reference.shape[3] / 1e6;
            string label = $"{arch} x{scale} ({weights}, {reference.shape[3]}x{reference.shape[2]} out)";
            string state = Path.Combine(work.Path, $"{arch}.pth"), inputs = Path.Combine(work.Path, $"{arch}-input.pth");
            string onnx = Path.Combine(work.Path, $"{arch}.onnx"), peerOutput = Path.Combine(work.Path, $"{arch}-output.pth");
            net.save_py(state);
            PyTorchPickler.PickleStateDict(inputs, new Dictionary<string, Tensor> { ["input"] = input });

            foreach (int threads in settings.Threads)
            {
                torch.set_num_threads(threads);
                Console.Error.WriteLine($"  {arch} Lumos at {threads} thread(s)...");
                double ms = NetsBench.Median(settings.Repeats, () => Timed(() => Forward(net, input).Dispose()));
                rows.Add(new BenchRow($"{label} Lumos", false, threads, ms / megapixels, megapixels / (ms / 1000), null));

                bool export = !File.Exists(onnx);
                if (Peer(arch, scale, state, inputs, threads, settings.Repeats, peerOutput, export ? onnx : null) is double peerMs)
                {
                    rows.Add(new BenchRow($"{label} PyTorch {torchVersion}", true, threads, peerMs / megapixels, megapixels / (peerMs / 1000), null));
                    if (export) notes.Add($"{arch}: max |Lumos − PyTorch| / max |Lumos| = {MaxDifference(reference, PeerOutput(peerOutput)):E1}");
                }
                if (!File.Exists(onnx)) continue;
                using var session = OnnxSession(onnx, threads);
                Console.Error.WriteLine($"  {arch} ONNX Runtime at {threads} thread(s)...");
                double onnxMs = NetsBench.Median(settings.Repeats, () => Timed(() => OnnxForward(session, input).Dispose()));
                rows.Add(new BenchRow($"{label} ONNX Runtime {OrtVersion()}", false, threads, onnxMs / megapixels, megapixels / (onnxMs / 1000), null));
                if (threads == settings.Threads[0])
                {
                    using var onnxOutput = OnnxForward(session, input);
                    notes.Add($"{arch}: max |Lumos − ONNX Runtime| / max |Lumos| = {MaxDifference(reference, onnxOutput):E1}");
                }
            }
        }
        if (settings.Methods is null || settings.Methods.Contains("memory")) rows.Add(PeakOfX4Upscale(settings.Image));

        string caption = $"ms per output megapixel in the 'median ms' column (median of {settings.Repeats} runs after 1 warm-up); random input; "
            + $"{Environment.ProcessorCount} cores; PyTorch and ONNX Runtime use the same weights and input as Lumos ({string.Join("; ", notes)}); "
            + "last row: whole `Upscaler.Apply` of a 4000x3000 photo, peak RSS above baseline";
        ResultTable.Print(rows, caption);
        if (settings.Markdown is not null) ResultTable.WriteMarkdown(rows, caption, settings.Markdown);
        return 0;
    }

    /// <summary>
    /// The shipped checkpoint where there is one, otherwise seeded He-normal weights: speed does not depend on them,
    /// and unlike the default init they keep a deep net's signal alive, so the output comparison means something.
    /// </summary>
    private static (nn.Module<Tensor, Tensor> Net, string Weights) Load(string arch, int scale, object options)
    {
        foreach (var name in new[] { $"{arch}-x{scale}", arch })
            if (Checkpoint.ShippedNames.Contains(name)) return (Checkpoint.LoadNet(arch, options, name), $"shipped {name}");
        var net = NetArchs.Registry.Get(arch).Create(options);
        using var generator = new Generator(1);
        using var noGrad = no_grad();
        foreach (var parameter in net.parameters().Where(p => p.dim() == 4))
        {
            using var scope = NewDisposeScope();
            parameter.copy_(randn(parameter.shape, generator: generator) * Math.Sqrt(2.0 / (parameter.shape[1] * parameter.shape[2] * parameter.shape[3])));
        }
        return (net, "random weights");
    }

    private static Tensor Forward(nn.Module<Tensor, Tensor> net, Tensor input)
    {
        using var noGrad = no_grad();
        return net.forward(input);
    }

    private static double Timed(Action run)
    {
        var clock = Stopwatch.StartNew();
        run();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double? Peer(string arch, int scale, string state, string inputs, int threads, int repeats, string output, string? onnx)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peers", "torch_sr.py");
        if (!File.Exists(NetsBench.Python) || !File.Exists(script)) return null;
        Console.Error.WriteLine($"  {arch} PyTorch at {threads} thread(s){(onnx is null ? "" : " (and ONNX export)")}...");
        var start = new ProcessStartInfo(NetsBench.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, arch, $"{scale}", state, inputs, $"{threads}", $"{repeats}", output }) start.ArgumentList.Add(a);
        if (onnx is not null) start.ArgumentList.Add(onnx);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 0) return double.Parse(text.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
        Console.Error.WriteLine($"  {arch} PyTorch peer failed: {errors.Result.Trim().Split('\n')[^1]}");
        return null;
    }

    private static Tensor PeerOutput(string path)
    {
        var state = PyTorchStateDict.Read(path);
        foreach (var (key, value) in state) if (key != "output") value.Dispose();
        return state["output"];
    }

    /// <summary>Largest absolute difference relative to the largest magnitude of <paramref name="reference"/> (random deep nets can output large values).</summary>
    private static double MaxDifference(Tensor reference, Tensor other)
    {
        using var scope = NewDisposeScope();
        return (reference - other).abs().max().item<float>() / Math.Max(reference.abs().max().item<float>(), 1e-12);
    }

    private static InferenceSession OnnxSession(string path, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        return new InferenceSession(path, options);
    }

    private static Tensor OnnxForward(InferenceSession session, Tensor input)
    {
        var dims = input.shape.Select(d => (int)d).ToArray();
        var values = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(input.contiguous().data<float>().ToArray(), dims);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), values)]);
        var output = results.First().AsTensor<float>();
        return tensor(output.ToArray(), [.. output.Dimensions.ToArray().Select(d => (long)d)]);
    }

    private static string OrtVersion() => typeof(InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "";

    /// <summary>×4 FSRCNN (shipped) of a 4000×3000 photo through <see cref="Upscaler.Apply"/>, banded, at all cores.</summary>
    private static BenchRow PeakOfX4Upscale(string? imagePath)
    {
        torch.set_num_threads(Environment.ProcessorCount);
        var upscaler = Upscalers.Registry.Create("fsrcnn");
        var (image, _) = BenchImage.Load(imagePath);
        using (image)
        {
            GC.Collect();
            long baseline = PeakMemory.Reset() ?? 0;
            Console.Error.WriteLine("  fsrcnn x4 of 4000x3000 (peak memory)...");
            var clock = Stopwatch.StartNew();
            Upscaler.Apply(upscaler, image, 4).Dispose();
            double ms = clock.Elapsed.TotalMilliseconds;
            double? peak = PeakMemory.Peak() is long p ? (p - baseline) / 1048576.0 : null;
            double megapixels = image.Rows * 4.0 * image.Cols * 4 / 1e6;
            return new BenchRow($"fsrcnn x4 Upscaler.Apply {image.Cols}x{image.Rows} -> {image.Cols * 4}x{image.Rows * 4} (banded)", false, Environment.ProcessorCount, ms / megapixels, megapixels / (ms / 1000), peak);
        }
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("lumos-sr-bench-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
