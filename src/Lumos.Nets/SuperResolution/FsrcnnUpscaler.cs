using Lumos.Nets.Archs;
using Lumos.Registry;

namespace Lumos.Nets.SuperResolution;

/// <summary>FSRCNN(56, 12, 4) on the LR Y plane (radius 2 + 4 + 1 LR pixels, deconvolution included → overlap 32).</summary>
[Registered("fsrcnn", "FSRCNN(56,12,4) on Y of the LR image, deconvolution tail (needs weights)",
    Citation = "Dong, Loy & Tang, Accelerating the Super-Resolution Convolutional Neural Network, ECCV 2016")]
public sealed class FsrcnnUpscaler(NetUpscalerOptions options) : NetUpscaler(options)
{
    /// <inheritdoc />
    protected override string Arch => "fsrcnn";

    /// <inheritdoc />
    protected override object ArchOptions(int scale) => new FsrcnnOptions { Scale = scale };

    /// <inheritdoc />
    protected override bool LumaOnly => true;

    /// <inheritdoc />
    protected override int Overlap => 32;

    // 56-channel maps in LR space, the 9×9 deconvolution's column buffer and the s² output pixels.
    /// <inheritdoc />
    protected override double BytesPerPixel => 3000;
}
