using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Registry;

namespace Lumos.Nets.SuperResolution;

/// <summary>FSRCNN(56, 12, 4) on the LR Y plane (radius 2 + 4 + 1 LR pixels, deconvolution included → overlap 32).</summary>
[Registered("fsrcnn", "FSRCNN(56,12,4) on Y of the LR image, deconvolution tail",
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

    // Measured 961 / 2,012 bytes per low-resolution input pixel on ONNX Runtime / TorchSharp (bench footprint), with a margin.
    /// <inheritdoc />
    protected override NetFootprint Footprint(object archOptions) => new(Onnx: 1200, Torch: 3000);
}
