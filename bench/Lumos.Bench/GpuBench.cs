using System.Diagnostics;
using System.Globalization;
using Lumos.Imaging;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Onnx;
using Lumos.Onnx;
using Lumos.Processing;

namespace Lumos.Bench;

/// <summary>
/// Every shipped net on ONNX Runtime's CUDA provider against ONNX Runtime on the CPU, in one process, with the same
/// exported model and the same input. First agreement: the GPU's whole-image output, its output through Lumos's tiler
/// (several tiles) and its output with TensorFloat-32 convolutions, each against the CPU's whole-image output, on seeded
/// random pixels and on a real photo. Then speed: ms per output megapixel on the GPU (the first run, which includes
/// cuDNN's choice of algorithms and the memory for the shape, and the median of the runs after it, copies included, as
/// Lumos runs a tile) and on the CPU at all cores. Needs neither libtorch nor OpenCV's native library (the models are
/// exported from the checkpoints without libtorch, the photo may be a binary PPM), so a GPU machine need carry only
/// .NET, ONNX Runtime's CUDA build and this program. Where the machine's Python has PyTorch, PyTorch on the same device
/// with the same weights is the peer (bench/peers/torch_engines.py; the archs it has), timed the same way.
/// </summary>
internal static class GpuBench
{
    /// <summary>Largest difference from the CPU's output, relative to its range, that counts as agreement (the issue's promise).</summary>
    private const double Tolerance = 1e-4;

    private static readonly int[] OutputSides = [1024, 2048];

    // The archs bench/peers/torch_engines.py builds.
    private static readonly string[] PeerArchs = ["zerodce", "mbllen", "srcnn", "fsrcnn", "espcn", "vdsr", "srresnet"];

    public static int Run(BenchSettings settings)
    {
        string device = settings.Device;
        var photo = settings.Image is null ? null : ReadPhoto(settings.Image);
        var names = Checkpoint.ShippedNames.Where(n => settings.Methods is null || settings.Methods.Contains(n)).ToArray();
        if (names.Length == 0) throw new LumosException($"no shipped checkpoint among --methods (shipped: {string.Join(", ", Checkpoint.ShippedNames)})");

        // The GPU machine's python3 (PyTorch with CUDA), else Debian's (a CPU dry run).
        string? python = new[] { "python3", PyTorchEngine.Python }.FirstOrDefault(p => PyTorchEngine.Version(p) is not null);
        string pyTorch = python is null ? "" : PyTorchEngine.Version(python)!;
        using var work = new TempDirectory();
        var agreement = new List<string[]>();
        var speed = new List<string[]>();
        var notes = new List<string>();
        bool allAgree = true;
        foreach (var name in names)
        {
            ExportedNet exported;
            try { exported = NetExport.FromCheckpoint(name); }
            catch (LumosException e)
            {
                notes.Add($"{name}: not measured ({e.Message})");
                continue;
            }
            var signature = exported.Signature;
            Console.Error.WriteLine($"  {name}: agreement...");
            using var cpu = new OnnxNetSession(exported.Model, name, "cpu");
            using var gpu = new OnnxNetSession(exported.Model, name, device);
            using var gpuTf32 = new OnnxNetSession(exported.Model, name, device, 0, tf32: true, selfCheck: true);
            using var peer = python is not null && PeerArchs.Contains(exported.Arch) ? StartPeer(python, pyTorch, name, exported, device, work.Path) : null;

            // Tiles as Lumos cuts them for this net (overlap 4× its receptive radius), small enough that each input is
            // several tiles.
            int overlap = 4 * signature.Radius;
            int tile = RoundUp(2 * overlap + 64, signature.Align);
            var plan = new TilingPlan(tile, overlap, MaxMemoryMiB: 0, BytesPerPixel: 0, signature.Scale, signature.Align);
            var inputs = new List<(string Kind, PlanarImage Image)> { ("random", Random(signature.Channels, tile + tile / 2, tile + tile / 2)) };
            if (photo is not null) inputs.Add(("photo", signature.Channels == 1 ? Luma(photo) : photo));
            foreach (var (kind, input) in inputs)
            {
                var reference = cpu.Run(input).Data;
                double whole = EnginesBench.RelativeDifference(reference, gpu.Run(input).Data);
                double tiled = EnginesBench.RelativeDifference(reference, Tiler.Run(gpu.Run, input, plan).Data);
                double tf32 = EnginesBench.RelativeDifference(reference, gpuTf32.Run(input).Data);
                string peerDifference = "";
                if (peer is not null)
                {
                    string peerOutput = Path.Combine(work.Path, "agreement-output.npy");
                    peer.SetInput(WriteInput(work.Path, "agreement", input), peerOutput);
                    peerDifference = Exponent(EnginesBench.RelativeDifference(reference, Npy.Read(peerOutput)));
                }
                allAgree &= whole <= Tolerance && tiled <= Tolerance;
                int tiles = Tiler.Starts(input.Height, tile, overlap, signature.Align).Length * Tiler.Starts(input.Width, tile, overlap, signature.Align).Length;
                agreement.Add([name, kind, $"{input.Width}x{input.Height}", Exponent(whole), $"{Exponent(tiled)} ({tiles} tiles)", Exponent(tf32),
                    peerDifference, whole <= Tolerance && tiled <= Tolerance ? "yes" : "NO"]);
                Console.Error.WriteLine($"    {string.Join(" | ", agreement[^1])}");
            }

            for (int i = 0; i < OutputSides.Length; i++)
            {
                int side = signature.UpsampledInput ? OutputSides[i] : OutputSides[i] / signature.Scale;
                Console.Error.WriteLine($"  {name}: speed at {side}x{side} in...");
                var input = Random(signature.Channels, side, side);
                var clock = Stopwatch.StartNew();
                var output = gpu.Run(input);
                double firstMs = clock.Elapsed.TotalMilliseconds;
                double megapixels = (double)output.Height * output.Width / 1e6;
                double gpuMs = Median(gpu, input, settings.Repeats);
                gpuTf32.Run(input);
                double tf32Ms = Median(gpuTf32, input, settings.Repeats);
                double? peerMs = null;
                if (peer is not null)
                {
                    peer.SetInput(WriteInput(work.Path, "speed", input));
                    peer.Run();
                    peerMs = Median(peer.Run, settings.Repeats);
                }
                // The CPU at the smaller size only: at 4 MP the slow nets would take minutes of a GPU machine's time.
                double? cpuMs = null;
                if (i == 0)
                {
                    cpu.Run(input);
                    cpuMs = Median(cpu, input, Math.Min(settings.Repeats, 3));
                }
                speed.Add([name, $"{output.Width}x{output.Height}", Ms(firstMs), Ms(gpuMs), Ms(gpuMs / megapixels), Ms(tf32Ms / megapixels),
                    peerMs is double p ? Ms(p / megapixels) : "", peerMs is double q ? (q / gpuMs).ToString("0.0", CultureInfo.InvariantCulture) : "",
                    cpuMs is double c ? Ms(c / megapixels) : "", cpuMs is double d ? (d / gpuMs).ToString("0", CultureInfo.InvariantCulture) : ""]);
                Console.Error.WriteLine($"    {string.Join(" | ", speed[^1])}");
            }
        }

        string version = typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "";
        string peerName = python is null ? "PyTorch (absent)" : $"PyTorch {pyTorch}";
        ResultTable.Print(["net", "input", "size", "GPU whole", "GPU tiled", "GPU TF32", peerName, "agrees"], agreement,
            $"Max |output − CPU output| / range of the CPU output, ONNX Runtime {version}: '{device}' (TF32 off, as Lumos runs it) "
            + $"whole image, the same through Lumos's tiler, and with TF32 convolutions (the provider's own default); {peerName} on "
            + $"'{device}' with the same weights (TF32 off); agreement = whole and tiled within {Tolerance:0E+0}.", settings.Markdown);
        ResultTable.Print(["net", "output", "first ms", "median ms", "ms/MP", "ms/MP TF32", $"{peerName} ms/MP", "× PyTorch", "CPU ms/MP", "× CPU"], speed,
            $"'{device}' ({settings.Repeats} runs after the first, median; each run copies the input to the device and the output back), "
            + $"and the CPU at all {Environment.ProcessorCount} cores (median of {Math.Min(settings.Repeats, 3)} after a warm-up, at the "
            + $"smaller size only); seeded random input; {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.",
            settings.Markdown, append: true);
        foreach (var note in notes) Console.WriteLine(note);
        if (!allAgree) Console.WriteLine($"WARNING: some outputs on '{device}' differ from the CPU's by more than {Tolerance:0E+0} of their range.");
        return allAgree ? 0 : 1;
    }

    private static double Median(OnnxNetSession session, PlanarImage input, int repeats) => Median(() =>
    {
        var clock = Stopwatch.StartNew();
        session.Run(input);
        return clock.Elapsed.TotalMilliseconds;
    }, repeats);

    private static double Median(Func<double> timedRun, int repeats)
    {
        var times = new double[repeats];
        for (int r = 0; r < repeats; r++) times[r] = timedRun();
        Array.Sort(times);
        return times[repeats / 2];
    }

    /// <summary>PyTorch on <paramref name="device"/> with the checkpoint's weights (an .npz, written without libtorch), or null where it fails.</summary>
    private static PyTorchEngine? StartPeer(string python, string version, string name, ExportedNet exported, string device, string work)
    {
        var (_, _, weights) = Checkpoint.ReadPlain(name);
        string state = Path.Combine(work, $"{name}.npz");
        if (!File.Exists(state)) Npy.WriteArchive(state, weights);
        var probe = Random(exported.Signature.Channels, 64, 64);
        int scale = exported.Arch is "fsrcnn" or "espcn" or "srresnet" ? exported.Signature.Scale : 1;
        return PyTorchEngine.Launch(python, exported.Arch, scale, state, WriteInput(work, "probe", probe), Path.Combine(work, "probe-output.npy"),
            device, version, Npy.Read);
    }

    private static string WriteInput(string work, string label, PlanarImage image)
    {
        string path = Path.Combine(work, $"{label}.npy");
        Npy.Write(path, [1, image.Channels, image.Height, image.Width], image.Data);
        return path;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static string Exponent(double value) => value.ToString("0.0E+0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "0", CultureInfo.InvariantCulture);

    /// <summary>Seeded uniform pixels in [0, 1).</summary>
    private static PlanarImage Random(int channels, int height, int width)
    {
        var random = new Random(1);
        var image = new PlanarImage(channels, height, width);
        for (int i = 0; i < image.Data.Length; i++) image.Data[i] = random.NextSingle();
        return image;
    }

    /// <summary>BT.601 luma of an RGB planar image, for the nets that take Y.</summary>
    private static PlanarImage Luma(PlanarImage rgb)
    {
        var luma = new PlanarImage(1, rgb.Height, rgb.Width);
        ReadOnlySpan<float> r = rgb.Plane(0), g = rgb.Plane(1), b = rgb.Plane(2);
        for (int i = 0; i < luma.Data.Length; i++) luma.Data[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
        return luma;
    }

    /// <summary>A photo as RGB in [0, 1]: a binary PPM (P6) read here, anything else through OpenCV.</summary>
    private static PlanarImage ReadPhoto(string path)
    {
        if (!File.Exists(path)) throw new LumosException($"{path}: no such image");
        if (!path.EndsWith(".ppm", StringComparison.OrdinalIgnoreCase))
        {
            using var bgr = ImageIO.Read(path);
            return PlanarImage.FromBgr(bgr);
        }
        var bytes = File.ReadAllBytes(path);
        int position = 0;
        string Token()
        {
            while (position < bytes.Length && (char.IsWhiteSpace((char)bytes[position]) || bytes[position] == '#'))
                if (bytes[position] == '#') while (position < bytes.Length && bytes[position] != '\n') position++;
                else position++;
            int start = position;
            while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position])) position++;
            return System.Text.Encoding.ASCII.GetString(bytes, start, position - start);
        }
        int Number() => int.TryParse(Token(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n
            : throw new LumosException($"{path}: a damaged PPM header");
        if (Token() != "P6") throw new LumosException($"{path}: not a binary PPM (P6)");
        int width = Number(), height = Number(), maximum = Number();
        if (maximum > 65535 || (long)width * height > 1L << 28) throw new LumosException($"{path}: a damaged PPM header");
        position++; // the one whitespace byte before the samples
        int sampleBytes = maximum > 255 ? 2 : 1;
        if (bytes.Length - position < (long)width * height * 3 * sampleBytes) throw new LumosException($"{path}: truncated PPM");
        var image = new PlanarImage(3, height, width);
        for (int i = 0; i < width * height; i++)
            for (int c = 0; c < 3; c++)
            {
                int at = position + (i * 3 + c) * sampleBytes;
                int sample = sampleBytes == 1 ? bytes[at] : bytes[at] << 8 | bytes[at + 1];
                image.Data[c * width * height + i] = sample / (float)maximum;
            }
        return image;
    }
}
