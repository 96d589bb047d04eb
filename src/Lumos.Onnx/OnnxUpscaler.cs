using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Onnx;

/// <summary>Options of <see cref="OnnxUpscaler"/>.</summary>
public sealed record OnnxUpscalerOptions
{
    /// <summary>The ONNX model file.</summary>
    [FileParameter, Description("ONNX model file (NCHW float in and out: RGB in [0, 1], or 1-channel Y)")]
    public string Model { get; init; } = "";

    /// <summary>The model's scale; 0 reads it from a Lumos export's metadata or infers it from a probe run.</summary>
    [Description("the model's scale factor (0 = from its Lumos metadata, else a probe run)"), Range(0, 16)]
    public int Scale { get; init; }

    /// <summary>Tile side in input pixels; 0 runs the whole image at once.</summary>
    [Description("tile side in input pixels (0 = whole image)"), Range(0, 65536)]
    public int Tile { get; init; } = 256;

    /// <summary>Overlap of neighbouring tiles in input pixels (its outer quarter is discarded); 0 = 4× a Lumos export's receptive margin, else 32.</summary>
    [Description("tile overlap in input pixels (0 = from the model's Lumos metadata, else 32)"), Range(0, 1024)]
    public int Overlap { get; init; }

    /// <summary>ONNX Runtime device.</summary>
    [Description("ONNX Runtime device: cpu, or cuda in a CUDA build")]
    public string Device { get; init; } = "cpu";

    /// <summary>ONNX Runtime's intra-op threads; 0 = one per physical core.</summary>
    [Description("threads of the forward pass (0 = one per core)"), Range(0, 1024)]
    public int Threads { get; init; }
}

/// <summary>
/// Runs an image-to-image ONNX super-resolution model (Real-ESRGAN and friends, or a <c>lumos export</c>) through
/// ONNX Runtime: one NCHW float input, RGB in [0, 1] — or, for a one-channel model, MATLAB Y with bicubic chroma
/// as the built-in Y nets — the first output s times larger, tiled with overlap by the one <see cref="Tiler"/>.
/// A Lumos export's metadata supplies channels, scale, bicubic pre-upsampling (SRCNN, VDSR) and the overlap.
/// </summary>
[Registered("onnx", "an ONNX super-resolution model (-p model=<file>, or --onnx <file>)",
    Citation = "ONNX Runtime, https://onnxruntime.ai")]
public sealed class OnnxUpscaler : IUpscaler, IDisposable
{
    private const int ProbeSide = 32;
    private readonly OnnxNetSession session;
    private readonly string model;
    private readonly int tile, overlap, channels, radius;
    /// <summary>The model's one scale, given, recorded or inferred; null for a model fed a bicubic-upsampled image (any scale).</summary>
    private readonly int? fixedScale;
    private readonly bool upsampledInput;

    /// <summary>Opens the model and finds its scale.</summary>
    /// <exception cref="LumosException">No model given, the file is missing or not a usable ONNX image model.</exception>
    public OnnxUpscaler(OnnxUpscalerOptions options)
    {
        model = options.Model;
        if (model.Length == 0) throw new LumosException("onnx: no model given; set the model parameter to an .onnx file");
        session = OnnxNetSession.Open(model, options.Device, options.Threads);
        try
        {
            var signature = session.Info.Signature;
            if (signature is { Task: not "super-resolution" })
                throw new LumosException($"{model}: a {signature.Task} model ({session.Info.Arch}); run it as an enhancement method (the onnx method), not as an upscaler");
            channels = signature?.Channels ?? (session.InputDimensions[1] == 1 ? 1 : 3);
            upsampledInput = signature?.UpsampledInput ?? false;
            radius = signature?.Radius ?? Math.Max(options.Overlap, 32) / 4;
            tile = options.Tile;
            overlap = session.Overlap(options.Overlap);
            fixedScale = options.Scale > 0 ? options.Scale : upsampledInput ? null : signature?.Scale ?? Probe();
            DefaultScale = fixedScale ?? session.Info.TrainedScales?.FirstOrDefault();
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The model's scale (given, recorded or inferred), or else the one it was trained for (recorded by a Lumos export).</summary>
    public int? DefaultScale { get; }

    /// <inheritdoc />
    public string? RefuseScale(int scale) => fixedScale is not int own || scale == own ? null
        : own == 1 ? $"{model}: the model keeps the image size (×1), it does not upscale (run it as an enhancement method)"
        : $"{model}: the model upscales by {own}, not {scale} (pass --scale {own})";

    /// <inheritdoc />
    public Mat Upscale(Mat bgr, int scale)
    {
        if (RefuseScale(scale) is { } refusal) throw new LumosException(refusal);
        if (channels == 1) return YCbCr.Upscale(bgr, scale, y => RunLuma(y, scale));
        if (!upsampledInput) return Run(PlanarImage.FromBgr(bgr), scale).ToBgr(bgr);
        using var upsampled = MatlabResize.Bicubic(bgr, scale);
        return Run(PlanarImage.FromBgr(upsampled), 1).ToBgr(bgr);
    }

    /// <summary>The receptive margin in input rows: the recorded (or overlap-derived) radius, plus bicubic's 4.</summary>
    public int Margin(int scale) => (upsampledInput ? (radius + scale - 1) / scale : radius) + 4;

    /// <inheritdoc />
    public void Dispose() => session.Dispose();

    private Mat RunLuma(Mat y, int scale)
    {
        if (!upsampledInput) return Run(PlanarImage.FromPlane(y), scale).ToPlane();
        using var upsampled = MatlabResize.Bicubic(y, scale);
        return Run(PlanarImage.FromPlane(upsampled), 1).ToPlane();
    }

    private PlanarImage Run(PlanarImage input, int netScale)
    {
        var output = Tiler.Run(session.Run, input, new TilingPlan(tile, overlap, double.MaxValue, 0, netScale));
        return output.Channels == channels ? output
            : throw new LumosException($"{model}: the model returns {output.Channels} channels, expected {channels}");
    }

    /// <summary>Runs a small grey tile (or the model's fixed input size) and divides the output side by the input side.</summary>
    private int Probe()
    {
        var dims = session.InputDimensions;
        int height = dims[2] > 0 ? dims[2] : ProbeSide, width = dims[3] > 0 ? dims[3] : ProbeSide;
        var probe = new PlanarImage(channels, height, width);
        Array.Fill(probe.Data, 0.5f);
        var output = session.Run(probe);
        if (output.Height % height != 0 || output.Width % width != 0 || output.Height / height != output.Width / width || output.Height < height)
            throw new LumosException($"{model}: a {width}×{height} probe gave {output.Width}×{output.Height}, not an integer upscale; set the scale parameter");
        return output.Height / height;
    }
}
