using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Registry;

namespace Lumos.Nets.SuperResolution;

/// <summary>
/// SRResNet on RGB, ×2 or ×4 (radius ≈ 4 + 16·2 + 1 + 3 LR pixels → overlap 160). Shared by <c>srgan</c>, the
/// same generator trained adversarially.
/// </summary>
[Registered("srresnet", "SRResNet (16 residual blocks, pixel shuffle) on RGB, ×2/×4",
    Citation = "Ledig et al., Photo-Realistic Single Image Super-Resolution Using a Generative Adversarial Network, CVPR 2017")]
public class SrResNetUpscaler(NetUpscalerOptions options) : NetUpscaler(options)
{
    /// <inheritdoc />
    protected override string Arch => "srresnet";

    /// <inheritdoc />
    protected override object ArchOptions(int scale) => new SrResNetOptions { Scale = scale };

    /// <inheritdoc />
    protected override bool LumaOnly => false;

    /// <inheritdoc />
    protected override int Overlap => 160;

    // Measured 12,534 / 29,505 bytes per low-resolution input pixel on ONNX Runtime / TorchSharp (bench footprint), with a margin.
    /// <inheritdoc />
    protected override NetFootprint Footprint(object archOptions) => new(Onnx: 16000, Torch: 45000);
}

/// <summary>SRGAN: the SRResNet generator with adversarially trained weights (shipped as <c>srgan-x&lt;scale&gt;</c>).</summary>
[Registered("srgan", "SRGAN generator (SRResNet trained with adversarial + content loss) on RGB, ×2/×4",
    Citation = "Ledig et al., Photo-Realistic Single Image Super-Resolution Using a Generative Adversarial Network, CVPR 2017")]
public sealed class SrganUpscaler(NetUpscalerOptions options) : SrResNetUpscaler(options)
{
    /// <inheritdoc />
    protected override string DefaultWeights(int scale) => $"srgan-x{scale}";
}
