using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Registry;

namespace Lumos.Nets.SuperResolution;

/// <summary>SRCNN 9-5-5 (the shipped <c>srcnn-x3</c>) or 9-1-5, as its checkpoint says, on the bicubic-upsampled Y plane (receptive-field radius 8 or 6 → overlap 32).</summary>
[Registered("srcnn", "SRCNN 9-5-5 or 9-1-5 (as the checkpoint says) on Y of the bicubic-upsampled image",
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
    protected override int Overlap => 32;

    // Measured per upsampled input pixel on ONNX Runtime / TorchSharp with oneDNN off (bench footprint), with a margin:
    // 9-1-5 529 / 952 bytes, 9-5-5 532 / 6,948 (libtorch unfolds its 5×5 mapping layer: 64 × 25 floats a pixel).
    /// <inheritdoc />
    protected override NetFootprint Footprint(object archOptions) =>
        ((SrcnnOptions)archOptions).MappingKernel == 1 ? new(Onnx: 700, Torch: 1500) : new(Onnx: 700, Torch: 10500);
}
