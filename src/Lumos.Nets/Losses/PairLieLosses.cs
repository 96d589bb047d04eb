using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Losses;

/// <summary>The weighted loss terms of one PairLIE step; their sum is the official total.</summary>
/// <param name="Consistency">Reflectance consistency across the pair, ‖R₁ − R₂‖² (weight 1).</param>
/// <param name="Reconstruction">Retinex reconstruction ‖L₁∘R₁ − X₁‖² + ‖R₁ − X₁/sg(L₁)‖² (weight 1).</param>
/// <param name="IlluminationPrior">Illumination close to the input's channel maximum, ‖L₁ − max_c I₁‖² (weight 1).</param>
/// <param name="Smoothness">Illumination smoothness, the mean absolute gradient of L₁ (weight 1).</param>
/// <param name="Projection">Projection loss ‖I₁ − X₁‖² (weight 500).</param>
public sealed record PairLieLossTerms(Tensor Consistency, Tensor Reconstruction, Tensor IlluminationPrior, Tensor Smoothness, Tensor Projection)
{
    /// <summary>The total loss, the sum of the weighted terms.</summary>
    public Tensor Total => Consistency + Reconstruction + IlluminationPrior + Smoothness + Projection;
}

/// <summary>
/// PairLIE's self-supervised losses (Fu et al., CVPR 2023, §3.2) as the official code (utils.py, main.py) computes
/// them for a pair (I₁, I₂) of low-light images of one scene, with P-Net outputs X, illuminations L and
/// reflectances R: L = L_C + L_R + 500·L_P, where L_C = MSE(R₁, R₂) (the scene's reflectance does not depend on the
/// exposure), L_R = MSE(L₁R₁, X₁) + MSE(R₁, X₁/sg(L₁)) + MSE(L₁, max_c I₁) + TV(L₁) (Retinex decomposition of the
/// projected image, sg = stop-gradient), L_P = MSE(I₁, X₁) (the projection keeps the image's content). As in the
/// official training, L_R and L_P read the first image of the pair only; the second enters through R₂.
/// </summary>
public static class PairLieLosses
{
    /// <summary>Weight of the projection loss in the official main.py.</summary>
    public const double ProjectionWeight = 500;

    /// <summary>All terms for a pair: the first image, its decomposition, and the second image's reflectance.</summary>
    /// <param name="input1">The first low-light image I₁ (N×3×H×W).</param>
    /// <param name="projected1">P-Net's X₁.</param>
    /// <param name="illumination1">L-Net's L₁ (N×1×H×W).</param>
    /// <param name="reflectance1">R-Net's R₁.</param>
    /// <param name="reflectance2">R-Net's R₂ for the second image.</param>
    public static PairLieLossTerms Compute(Tensor input1, Tensor projected1, Tensor illumination1, Tensor reflectance1, Tensor reflectance2)
    {
        using var scope = NewDisposeScope();
        var consistency = functional.mse_loss(reflectance1, reflectance2);
        using var detached = illumination1.detach();
        var reconstruction = functional.mse_loss(illumination1 * reflectance1, projected1) + functional.mse_loss(reflectance1, projected1 / detached);
        var prior = functional.mse_loss(illumination1, input1.amax([1], keepdim: true));
        var smoothness = Smoothness(illumination1);
        var projection = ProjectionWeight * functional.mse_loss(input1, projected1);
        return new PairLieLossTerms(consistency.MoveToOuterDisposeScope(), reconstruction.MoveToOuterDisposeScope(), prior.MoveToOuterDisposeScope(),
            smoothness.MoveToOuterDisposeScope(), projection.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The official tv_loss: mean |L(y+1) − L(y−1)| plus mean |L(x+1) − L(x−1)| (central differences two pixels
    /// apart, interior only). An axis shorter than three pixels has no such difference and adds 0 (the official
    /// mean over nothing would be NaN).
    /// </summary>
    public static Tensor Smoothness(Tensor illumination)
    {
        using var scope = NewDisposeScope();
        long h = illumination.shape[2], w = illumination.shape[3];
        var vertical = h < 3 ? zeros([]) : (illumination[.., .., 2.., ..] - illumination[.., .., ..(int)(h - 2), ..]).abs().mean();
        var horizontal = w < 3 ? zeros([]) : (illumination[.., .., .., 2..] - illumination[.., .., .., ..(int)(w - 2)]).abs().mean();
        return (vertical + horizontal).MoveToOuterDisposeScope();
    }
}
