using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Registry;

namespace Lumos.Nets.SuperResolution;

/// <summary>SRCNN 9-1-5 on the bicubic-upsampled Y plane (receptive-field radius 6 → overlap 24).</summary>
[Registered("srcnn", "SRCNN 9-1-5 on Y of the bicubic-upsampled image (needs weights)",
    Citation = "Dong et al., Image Super-Resolution Using Deep Convolutional Networks, TPAMI 2016")]
public sealed class SrcnnUpscaler(NetUpscalerOptions options) : NetUpscaler(options)
{
    /// <inheritdoc />
    protected override string Arch => "srcnn";

    /// <inheritdoc />
    protected override object ArchOptions(int scale) => new SrcnnOptions();

    /// <inheritdoc />
    protected override bool LumaOnly => true;

    /// <inheritdoc />
    protected override bool UpsampledInput => true;

    /// <inheritdoc />
    protected override int Overlap => 24;

    // Measured 527 / 1,010 bytes per upsampled input pixel on ONNX Runtime / TorchSharp (bench footprint), with a margin.
    /// <inheritdoc />
    protected override NetFootprint Footprint => new(Onnx: 700, Torch: 1500);
}
