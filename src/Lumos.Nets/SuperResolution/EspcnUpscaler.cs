using Lumos.Nets.Archs;
using Lumos.Registry;

namespace Lumos.Nets.SuperResolution;

/// <summary>ESPCN on the LR Y plane (radius 2 + 1 + 1 → overlap 16).</summary>
[Registered("espcn", "ESPCN sub-pixel convolution on Y of the LR image (needs weights)",
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

    // 64 + 32 maps and the 576-float im2col buffer of a 64-channel 3×3 convolution.
    /// <inheritdoc />
    protected override double BytesPerPixel => 4000;
}
