using Lumos.Nets.Archs;
using Lumos.Registry;

namespace Lumos.Nets.SuperResolution;

/// <summary>
/// SRResNet on RGB, ×2 or ×4 (radius ≈ 4 + 16·2 + 1 + 3 LR pixels → overlap 160). Shared by <c>srgan</c>, the
/// same generator trained adversarially.
/// </summary>
[Registered("srresnet", "SRResNet (16 residual blocks, pixel shuffle) on RGB, ×2/×4 (needs weights)",
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

    // 64-channel maps in LR space plus, after the sub-pixel stages, 64 channels and a 3×3 im2col buffer per HR pixel (×16).
    /// <inheritdoc />
    protected override double BytesPerPixel => 60_000;
}

/// <summary>SRGAN: the SRResNet generator with adversarially trained weights (shipped as <c>srgan-x&lt;scale&gt;</c>).</summary>
[Registered("srgan", "SRGAN generator (SRResNet trained with adversarial + content loss) on RGB, ×2/×4 (needs weights)",
    Citation = "Ledig et al., Photo-Realistic Single Image Super-Resolution Using a Generative Adversarial Network, CVPR 2017")]
public sealed class SrganUpscaler(NetUpscalerOptions options) : SrResNetUpscaler(options)
{
    /// <inheritdoc />
    protected override string DefaultWeights(int scale) => $"srgan-x{scale}";
}
