using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Registry;

namespace Lumos.Nets.SuperResolution;

/// <summary>ESPCN on the LR Y plane (radius 2 + 1 + 1 → overlap 16).</summary>
[Registered("espcn", "ESPCN sub-pixel convolution on Y of the LR image",
    Citation = "Shi et al., Real-Time Single Image and Video Super-Resolution Using an Efficient Sub-Pixel Convolutional Neural Network, CVPR 2016")]
public sealed class EspcnUpscaler(NetUpscalerOptions options) : NetUpscaler(options)
{
    /// <inheritdoc />
    protected override string Arch => "espcn";

    /// <inheritdoc />
    protected override object ArchOptions(int scale) => new EspcnOptions { Scale = scale };

    /// <inheritdoc />
    protected override bool LumaOnly => true;

    /// <inheritdoc />
    protected override int Overlap => 16;

    // Measured 940 / 3,182 bytes per low-resolution input pixel on ONNX Runtime / TorchSharp (bench footprint), with a margin.
    /// <inheritdoc />
    protected override NetFootprint Footprint(object archOptions) => new(Onnx: 1200, Torch: 5000);
}
