using Lumos.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace Lumos.Onnx;

/// <summary>
/// An image-to-image ONNX model on ONNX Runtime: one NCHW float input, the first output. Serves built-in nets
/// (exported in memory from their checkpoints) and external model files alike; needs no libtorch.
/// </summary>
public sealed class OnnxNetSession : INetSession
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly string label, inputName, outputName;

    /// <summary>Opens an encoded model.</summary>
    /// <param name="model">The ONNX model bytes.</param>
    /// <param name="label">Names the model in messages (a file name).</param>
    /// <param name="device"><c>cpu</c>, or <c>cuda</c> where ONNX Runtime's CUDA provider is in the build.</param>
    /// <param name="threads">Intra-op threads; 0 = ONNX Runtime's default (one per core).</param>
    /// <exception cref="LumosException">Not a usable ONNX image model, the device is unavailable, or ONNX Runtime's CPU
    /// convolutions are wrong on this machine (<see cref="OnnxRuntimeCheck"/>, run before the first CPU model of the process).</exception>
    public OnnxNetSession(byte[] model, string label, string device = "cpu", int threads = 0)
        : this(model, label, device, threads, tf32: false, selfCheck: true)
    {
    }

    /// <summary>Opens an encoded model, on CUDA with TensorFloat-32 convolutions if <paramref name="tf32"/> (the GPU bench
    /// measures what that trades), on the CPU after the self-check unless <paramref name="selfCheck"/> is false (the check's own model).</summary>
    internal OnnxNetSession(byte[] model, string label, string device, int threads, bool tf32, bool selfCheck)
    {
        this.label = label;
        if (selfCheck && device.Equals("cpu", StringComparison.OrdinalIgnoreCase)) OnnxRuntimeCheck.EnsureCorrect();
        using var options = Options(device, threads, label, tf32);
        try { session = new InferenceSession(model, options); }
        catch (OnnxRuntimeException e) { throw new LumosException($"{label}: not a usable ONNX model ({FirstLine(e.Message)})", e); }
        try
        {
            if (session.InputMetadata.Count != 1)
                throw new LumosException($"{label}: expected one image input, found {session.InputMetadata.Count}");
            var (name, input) = session.InputMetadata.First();
            if (input.ElementType != typeof(float) || input.Dimensions.Length != 4 || input.Dimensions[1] is not (1 or 3 or -1))
                throw new LumosException($"{label}: input '{name}' is {input.ElementType.Name} [{string.Join(", ", input.Dimensions)}], expected float NCHW with 1 (Y) or 3 (RGB) channels");
            inputName = name;
            // A graph with no output (found by the fuzzer) would otherwise fail on First() with no word of the file.
            outputName = session.OutputMetadata.Keys.FirstOrDefault() ?? throw new LumosException($"{label}: the model has no output");
            InputDimensions = input.Dimensions;
            Info = OnnxModelInfo.Parse(CustomMetadata(session, label), label);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Opens a model file.</summary>
    /// <exception cref="LumosException">The file is missing or not a usable ONNX image model.</exception>
    public static OnnxNetSession Open(string file, string device = "cpu", int threads = 0)
    {
        if (!File.Exists(file)) throw new LumosException($"{file}: no such ONNX model file");
        return new OnnxNetSession(File.ReadAllBytes(file), file, device, threads);
    }

    /// <summary>The input's declared dimensions (−1 where dynamic).</summary>
    public int[] InputDimensions { get; }

    /// <summary>The Lumos metadata of the model (null fields for an external model).</summary>
    public OnnxModelInfo Info { get; }

    /// <summary>
    /// The tile overlap to use: <paramref name="requested"/> when positive, else 4× the receptive margin a Lumos
    /// export records (the tiler discards the outer quarter), else 32 for an external model.
    /// </summary>
    public int Overlap(int requested) => requested > 0 ? requested : Info.Signature is { } signature ? 4 * signature.Radius : 32;

    /// <inheritdoc />
    public PlanarImage Run(PlanarImage input)
    {
        try
        {
            using var value = OrtValue.CreateTensorValueFromMemory(input.Data, input.Shape);
            using var results = session.Run(runOptions, [inputName], [value], [outputName]);
            var output = results[0];
            var shape = output.GetTensorTypeAndShape().Shape;
            if (shape.Length != 4 || shape[0] != 1)
                throw new LumosException($"{label}: the output has shape [{string.Join(", ", shape)}], expected 1×C×H×W");
            return new PlanarImage((int)shape[1], (int)shape[2], (int)shape[3], output.GetTensorDataAsSpan<float>().ToArray());
        }
        catch (OnnxRuntimeException e) { throw new LumosException($"{label}: inference failed on a {input.Width}×{input.Height} tile ({FirstLine(e.Message)})", e); }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }

    /// <summary>Checks a device name: <c>cpu</c> or <c>cuda</c>, any case.</summary>
    /// <exception cref="LumosException">Any other name (a usage error).</exception>
    public static void CheckDevice(string device)
    {
        if (!device.Equals("cpu", StringComparison.OrdinalIgnoreCase) && !device.Equals("cuda", StringComparison.OrdinalIgnoreCase))
            throw LumosException.Usage($"unknown device '{device}' (cpu or cuda)");
    }

    private static SessionOptions Options(string device, int threads, string label, bool tf32)
    {
        // ONNX Runtime's own log goes to stderr beside our one-line errors; its failures reach us as exceptions anyway.
        OrtEnv.Instance().EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        if (threads > 0) options.IntraOpNumThreads = threads;
        // No memory pattern: it plans and keeps one block per input shape, and a tiled image has several (edge tiles,
        // bands): a 24-MP Zero-DCE peaked 610 MiB higher with it, at the same speed (bench/README.md, "Tile sizes").
        // The arena stays: without it, glibc (which the CLI tells to keep freed memory) fragments to twice the peak.
        options.EnableMemoryPattern = false;
        try { CheckDevice(device); }
        catch
        {
            options.Dispose();
            throw;
        }
        if (device.Equals("cpu", StringComparison.OrdinalIgnoreCase)) return options;
        OrtCUDAProviderOptions? cuda = null;
        try
        {
            cuda = new OrtCUDAProviderOptions();
            // TF32 off: by default the CUDA provider lets cuDNN convolve in TensorFloat-32 (a 10-bit mantissa) on Ampere
            // and later GPUs, which moved outputs by up to 1.8e-3 of their range on an H200, against 2e-6 with it off;
            // Lumos promises the CPU's output within 1e-4 (bench/README.md, "Nets on the GPU").
            // cuDNN's heuristic algorithm choice, not the provider's default exhaustive search: that benchmarks every
            // algorithm for each new input shape, and a tiled image has several (edge tiles, bands). On an H200 the
            // same outputs, to the level, took 6.6 s instead of 8.5 for a 12 MP MBLLEN and 0.7 s instead of 1.8 for a small one.
            cuda.UpdateOptions(new Dictionary<string, string>
            {
                ["device_id"] = "0", ["use_tf32"] = tf32 ? "1" : "0", ["cudnn_conv_algo_search"] = "HEURISTIC",
            });
            options.AppendExecutionProvider_CUDA(cuda);
            return options;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException || (e is OnnxRuntimeException && cuda is null))
        {
            options.Dispose();
            throw new LumosException($"{label}: device cuda needs ONNX Runtime's CUDA provider, which the application's ONNX Runtime build lacks (reference Microsoft.ML.OnnxRuntime.Gpu.Linux instead of Microsoft.ML.OnnxRuntime; in this repository, build with -p:LumosCuda=true)", e);
        }
        catch (OnnxRuntimeException e)
        {
            options.Dispose();
            throw new LumosException($"{label}: ONNX Runtime's CUDA provider could not start; it needs an NVIDIA driver, CUDA 13 and cuDNN 9 ({FirstLine(e.Message)})", e);
        }
        finally
        {
            cuda?.Dispose();
        }
    }

    /// <summary>
    /// The model's metadata_props. ONNX Runtime's C# wrapper (1.31) dereferences a null string for a metadata entry
    /// whose key starts with a NUL byte and throws NullReferenceException (found by the fuzzer): a damaged model, said
    /// as such.
    /// </summary>
    private static IReadOnlyDictionary<string, string> CustomMetadata(InferenceSession session, string label)
    {
        try { return session.ModelMetadata.CustomMetadataMap; }
        catch (Exception e) when (e is NullReferenceException or OnnxRuntimeException)
        {
            throw new LumosException($"{label}: not a usable ONNX model (unreadable metadata{(e is OnnxRuntimeException ? ": " + FirstLine(e.Message) : "")})", e);
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
