using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Onnx;

/// <summary>Options of <see cref="OnnxMethod"/>.</summary>
public sealed record OnnxMethodOptions
{
    /// <summary>The ONNX model file.</summary>
    [FileParameter, Description("ONNX model file (NCHW float RGB in [0, 1] in and out, same size)")]
    public string Model { get; init; } = "";

    /// <summary>Tile side in pixels; 0 runs the whole image at once.</summary>
    [Description("tile side in pixels (0 = whole image)"), Range(0, 65536)]
    public int Tile { get; init; } = 512;

    /// <summary>Overlap of neighbouring tiles; 0 = 4× a Lumos export's receptive margin, else 32.</summary>
    [Description("tile overlap in pixels (0 = from the model's Lumos metadata, else 32)"), Range(0, 1024)]
    public int Overlap { get; init; }

    /// <summary>Apply the post-processing a Lumos export names (MBLLEN's official one); off gives the raw net output.</summary>
    [Description("apply the post-processing the model's Lumos metadata names (e.g. MBLLEN's)")]
    public bool PostProcess { get; init; } = true;

    /// <summary>ONNX Runtime device.</summary>
    [Description("ONNX Runtime device: cpu, or cuda in a CUDA build")]
    public string Device { get; init; } = "cpu";

    /// <summary>ONNX Runtime's intra-op threads; 0 = one per physical core.</summary>
    [Description("threads of the forward pass (0 = one per core)"), Range(0, 1024)]
    public int Threads { get; init; }
}

/// <summary>
/// Runs an ONNX low-light model (a <c>lumos export</c> of zerodce or mbllen, or any RGB-to-RGB model of the same
/// size) through ONNX Runtime, tiled by the one <see cref="Tiler"/>; no libtorch involved.
/// </summary>
[Registered("onnx", "an ONNX enhancement model (-p model=<file>, or --onnx <file>)", Citation = "ONNX Runtime, https://onnxruntime.ai")]
public sealed class OnnxMethod : IEnhancementMethod, IDisposable
{
    private readonly OnnxNetSession session;
    private readonly TilingPlan plan;
    private readonly MbllenPostProcess? postProcess;

    /// <summary>Opens the model.</summary>
    /// <exception cref="LumosException">No model given, missing, not an image model, or a super-resolution model.</exception>
    public OnnxMethod(OnnxMethodOptions options)
    {
        if (options.Model.Length == 0) throw new LumosException("onnx: no model given; set the model parameter to an .onnx file");
        session = OnnxNetSession.Open(options.Model, options.Device, options.Threads);
        var signature = session.Info.Signature;
        if (signature is { Task: not "low-light" } || session.InputDimensions[1] == 1)
        {
            session.Dispose();
            throw new LumosException($"{options.Model}: not an RGB enhancement model; run super-resolution models as an upscaler (the onnx upscaler)");
        }
        plan = new TilingPlan(options.Tile, session.Overlap(options.Overlap), double.MaxValue, 0, Align: signature?.Align ?? 1);
        postProcess = options.PostProcess && session.Info.PostProcess == "mbllen" ? new MbllenPostProcess(new MbllenPostProcessOptions()) : null;
    }

    /// <summary>
    /// The receptive radius a Lumos export records (its nets are local, and band starts keep its stride grid) when
    /// MBLLEN's whole-image post-processing is off; none for any other model, which may use whole-image statistics.
    /// </summary>
    public int? Margin => session.Info.Signature is { } signature && postProcess is null ? signature.Radius : null;

    /// <inheritdoc />
    public Mat Enhance(Mat bgr)
    {
        var output = Tiler.Run(session.Run, PlanarImage.FromBgr(bgr), plan);
        if (output.Channels != 3) throw new LumosException($"the model returns {output.Channels} channels, expected 3");
        return (postProcess?.Apply(output) ?? output).ToBgr(bgr);
    }

    /// <inheritdoc />
    public void Dispose() => session.Dispose();
}
