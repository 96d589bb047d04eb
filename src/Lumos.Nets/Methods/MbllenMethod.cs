using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Onnx;
using Lumos.Processing;
using Lumos.Registry;

namespace Lumos.Nets.Methods;

/// <summary>Options of <see cref="MbllenMethod"/>.</summary>
public sealed record MbllenMethodOptions
{
    /// <summary>
    /// Weights: a Lumos checkpoint file or shipped name. Shipped: <c>mbllen</c> (the official synthetic
    /// low-light + noise weights, the official test script's default) and <c>mbllen-lol</c> (their LOL fine-tune).
    /// </summary>
    [FileParameter, Description("weights: checkpoint file or shipped name (mbllen = official synthetic+noise, mbllen-lol = LOL fine-tune)")]
    public string Weights { get; init; } = "mbllen";

    /// <summary>Tiling, engine, device and threads (parameters tile, max-memory, engine, device, threads).</summary>
    public NetRunOptions Run { get; init; } = new();

    /// <summary>
    /// Apply the official test script's post-processing (percentile gain and black point, saturation 0.8); on
    /// by default, as the published results include it. Off gives the raw net output.
    /// </summary>
    [Description("apply the official post-processing (gain, black point, saturation)")]
    public bool PostProcess { get; init; } = true;
}

/// <summary>MBLLEN: the multi-branch net, run tiled on images of any size, then the official post-processing.</summary>
[Registered("mbllen", "MBLLEN: multi-branch CNN enhancement and denoising (official weights)", Citation = "Lv, Lu, Wu, Lim, MBLLEN: Low-light Image/Video Enhancement Using CNNs, BMVC 2018")]
public sealed class MbllenMethod(MbllenMethodOptions options)
    // Receptive radius 23 px (ten 3×3 FEM convs, then the EM's 3×3 conv and three valid plus three transposed 5×5):
    // the blend ignores the outer overlap/4, so 96 makes tiles seamless. Footprint: measured 1,348 / 8,780 bytes per pixel
    // on ONNX Runtime / TorchSharp (bench footprint), with a margin.
    : NetMethod("mbllen", new MbllenOptions(), options.Weights, "mbllen", options.Run, overlap: 96, new NetFootprint(Onnx: 1700, Torch: 13500))
{
    private readonly MbllenPostProcess? postProcess = options.PostProcess ? new MbllenPostProcess(new MbllenPostProcessOptions()) : null;

    /// <inheritdoc />
    protected override int MinimumSide => Mbllen.MinimumSide(new MbllenOptions());

    /// <summary>None with the post-processing on: its gain and black point come from whole-image percentiles.</summary>
    public override int? Margin => postProcess is null ? base.Margin : null;

    /// <inheritdoc />
    protected override PlanarImage PostProcess(PlanarImage output) => postProcess?.Apply(output) ?? output;
}
