using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Registry;

namespace Lumos.Nets.SuperResolution;

/// <summary>VDSR on the bicubic-upsampled Y plane, one net for every scale (radius 20 → overlap 80).</summary>
[Registered("vdsr", "VDSR 20-layer residual net on Y of the bicubic-upsampled image",
    Citation = "Kim, Lee & Lee, Accurate Image Super-Resolution Using Very Deep Convolutional Networks, CVPR 2016")]
public sealed class VdsrUpscaler(NetUpscalerOptions options) : NetUpscaler(options)
{
    /// <inheritdoc />
    protected override string Arch => "vdsr";

    /// <inheritdoc />
    protected override object ArchOptions(int scale) => new VdsrOptions();

    /// <inheritdoc />
    protected override bool LumaOnly => true;

    /// <inheritdoc />
    protected override bool UpsampledInput => true;

    /// <inheritdoc />
    protected override int Overlap => 80;

    // Measured 614 / 6,650 bytes per upsampled input pixel on ONNX Runtime / TorchSharp (bench footprint), with a margin.
    /// <inheritdoc />
    protected override NetFootprint Footprint(object archOptions) => new(Onnx: 800, Torch: 10000);

    /// <summary>Multi-scale training: one checkpoint, <c>vdsr</c>, serves every scale.</summary>
    protected override string DefaultWeights(int scale) => "vdsr";
}
