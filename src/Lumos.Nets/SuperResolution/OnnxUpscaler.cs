using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Inference;
using Lumos.Registry;
using Lumos.SuperResolution;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace Lumos.Nets.SuperResolution;

/// <summary>Options of <see cref="OnnxUpscaler"/>.</summary>
public sealed record OnnxUpscalerOptions
{
    /// <summary>The ONNX model file.</summary>
    [Description("ONNX model file (NCHW float in and out: RGB in [0, 1], or 1-channel Y)")]
    public string Model { get; init; } = "";

    /// <summary>The model's scale; 0 infers it from a probe run.</summary>
    [Description("the model's scale factor (0 = infer from a probe run)"), Range(0, 16)]
    public int Scale { get; init; }

    /// <summary>Tile side in input pixels; 0 runs the whole image at once.</summary>
    [Description("tile side in input pixels (0 = whole image)"), Range(0, 65536)]
    public int Tile { get; init; } = 256;

    /// <summary>Overlap of neighbouring tiles in input pixels (its outer quarter is discarded).</summary>
    [Description("tile overlap in input pixels"), Range(0, 1024)]
    public int Overlap { get; init; } = 32;
}

/// <summary>
/// Runs an external image-to-image ONNX model (Real-ESRGAN and friends) through ONNX Runtime on the CPU:
/// one NCHW float input, RGB in [0, 1] — or, for a one-channel model (FSRCNN/ESPCN exports), MATLAB Y with
/// bicubic chroma as the built-in Y nets — the first output s times larger, tiled with overlap by
/// <see cref="TiledInference"/> so images of any size fit in memory.
/// </summary>
[Registered("onnx", "an external ONNX super-resolution model (-p model=<file>, or --onnx <file>)",
    Citation = "ONNX Runtime, https://onnxruntime.ai")]
public sealed class OnnxUpscaler : IUpscaler, IDisposable
{
    private const int ProbeSide = 32;
    private readonly InferenceSession session;
    private readonly string model, inputName;
    private readonly OnnxUpscalerOptions options;
    private readonly int channels;

    /// <summary>Opens the model and finds its scale.</summary>
    /// <exception cref="LumosException">No model given, the file is missing or not a usable ONNX image model.</exception>
    public OnnxUpscaler(OnnxUpscalerOptions options)
    {
        this.options = options;
        model = options.Model;
        if (model.Length == 0) throw new LumosException("onnx: pass the model with --onnx <file> or -p model=<file>");
        if (!File.Exists(model)) throw new LumosException($"{model}: no such ONNX model file");
        try { session = new InferenceSession(model); }
        catch (OnnxRuntimeException e) { throw new LumosException($"{model}: not a usable ONNX model ({FirstLine(e.Message)})", e); }
        try
        {
            if (session.InputMetadata.Count != 1)
                throw new LumosException($"{model}: expected one image input, found {session.InputMetadata.Count}");
            var (name, input) = session.InputMetadata.First();
            if (input.ElementType != typeof(float) || input.Dimensions.Length != 4 || input.Dimensions[1] is not (1 or 3 or -1))
                throw new LumosException($"{model}: input '{name}' is {input.ElementType.Name} [{string.Join(", ", input.Dimensions)}], expected float NCHW with 1 (Y) or 3 (RGB) channels");
            inputName = name;
            channels = input.Dimensions[1] == 1 ? 1 : 3;
            Scale = options.Scale > 0 ? options.Scale : Probe();
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The model's scale factor, given or inferred.</summary>
    public int Scale { get; }

    /// <inheritdoc />
    public Mat Upscale(Mat bgr, int scale)
    {
        if (scale != Scale) throw new LumosException($"{model}: the model upscales by {Scale}, not {scale} (pass --scale {Scale})");
        var plan = new TilingPlan(options.Tile, options.Overlap, double.MaxValue, 0, Scale);
        if (channels == 1)
            return YCbCr.Upscale(bgr, scale, y =>
            {
                using var scope = NewDisposeScope();
                return TensorBridge.ToPlane(Checked(TiledInference.Run(Run, TensorBridge.FromPlane(y), plan)));
            });
        using var scope = NewDisposeScope();
        return TensorBridge.ToMat(Checked(TiledInference.Run(Run, TensorBridge.ToTensor(bgr), plan)), bgr);
    }

    /// <summary>The model's receptive radius is unknown: the tile overlap the user trusts stands in for it.</summary>
    public int Margin(int scale) => Math.Max(options.Overlap, 4);

    /// <inheritdoc />
    public void Dispose() => session.Dispose();

    private Tensor Checked(Tensor output) => output.shape[1] == channels ? output
        : throw new LumosException($"{model}: the model returns {output.shape[1]} channels, expected {channels}");

    /// <summary>One forward pass of a 1×3×h×w tensor.</summary>
    private Tensor Run(Tensor input)
    {
        using var packed = input.to(ScalarType.Float32).contiguous();
        var dims = packed.shape.Select(d => (int)d).ToArray();
        var values = new DenseTensor<float>(packed.data<float>().ToArray(), dims);
        try
        {
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, values)]);
            var first = results.First().AsTensor<float>();
            var shape = first.Dimensions.ToArray();
            if (shape.Length != 4) throw new LumosException($"{model}: the output has shape [{string.Join(", ", shape)}], expected NCHW");
            return tensor(first.ToArray(), [.. shape.Select(d => (long)d)]);
        }
        catch (OnnxRuntimeException e) { throw new LumosException($"{model}: inference failed on a {dims[3]}×{dims[2]} tile ({FirstLine(e.Message)})", e); }
    }

    /// <summary>Runs a small grey tile (or the model's fixed input size) and divides the output side by the input side.</summary>
    private int Probe()
    {
        var dims = session.InputMetadata[inputName].Dimensions;
        int height = dims[2] > 0 ? dims[2] : ProbeSide, width = dims[3] > 0 ? dims[3] : ProbeSide;
        using var scope = NewDisposeScope();
        var output = Run(full(1, channels, height, width, 0.5f));
        long outHeight = output.shape[2], outWidth = output.shape[3];
        if (outHeight % height != 0 || outWidth % width != 0 || outHeight / height != outWidth / width || outHeight < height)
            throw new LumosException($"{model}: a {width}×{height} probe gave {outWidth}×{outHeight}, not an integer upscale; pass -p scale=<s>");
        return (int)(outHeight / height);
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
