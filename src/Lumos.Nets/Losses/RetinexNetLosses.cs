using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Losses;

/// <summary>The weighted terms of Decom-Net's loss (Wei et al., Eq. 2); their sum is the official loss_Decom.</summary>
/// <param name="Reconstruction">Σᵢⱼ λᵢⱼ ‖Rᵢ ∘ Iⱼ − Sⱼ‖₁, λᵢⱼ = 1 for i = j and 0.001 for the cross terms (Eq. 3).</param>
/// <param name="InvariableReflectance">λ_ir ‖R_low − R_normal‖₁ (Eq. 4).</param>
/// <param name="Smoothness">λ_is Σᵢ ‖∇Iᵢ ∘ exp(−λ_g ∇Rᵢ)‖₁ (Eq. 5), for the low and the normal image.</param>
public sealed record DecomLossTerms(Tensor Reconstruction, Tensor InvariableReflectance, Tensor Smoothness)
{
    /// <summary>The total, the sum of the weighted terms.</summary>
    public Tensor Total => Reconstruction + InvariableReflectance + Smoothness;
}

/// <summary>The weighted terms of Enhance-Net's loss (§3.2); their sum is the official loss_Relight.</summary>
/// <param name="Reconstruction">‖R_low ∘ Î − S_normal‖₁.</param>
/// <param name="Smoothness">λ_is ‖∇Î ∘ exp(−λ_g ∇R_low)‖₁ with the enhancement stage's λ_is = 3.</param>
public sealed record EnhanceLossTerms(Tensor Reconstruction, Tensor Smoothness)
{
    /// <summary>The total, the sum of the weighted terms.</summary>
    public Tensor Total => Reconstruction + Smoothness;
}

/// <summary>
/// Retinex-Net's losses (Wei, Wang, Yang, Liu, BMVC 2018, §3.1–3.2, Eq. 2–5) with the weights of the official code
/// (model.py): every ‖·‖₁ is a mean absolute value, ∇ the absolute forward difference of the official 2×2 kernel
/// [[0, 0], [−1, 1]] under TensorFlow's 'SAME' zero padding, and the reflectance's gradient in the smoothness weight
/// is taken on its grey level and averaged over 3×3 (the official ave_gradient).
/// </summary>
public static class RetinexNetLosses
{
    /// <summary>λᵢⱼ of the cross reconstruction terms R_low ∘ I_normal and R_normal ∘ I_low (Eq. 3; the diagonal's is 1).</summary>
    public const double CrossWeight = 0.001;

    /// <summary>λ_ir of the invariable-reflectance loss (official code: 0.01).</summary>
    public const double ReflectanceWeight = 0.01;

    /// <summary>λ_is of Decom-Net's smoothness loss.</summary>
    public const double DecomSmoothnessWeight = 0.1;

    /// <summary>λ_is of Enhance-Net's smoothness loss.</summary>
    public const double EnhanceSmoothnessWeight = 3;

    /// <summary>λ_g of the structure-aware smoothness weight exp(−λ_g ∇R) (Eq. 5).</summary>
    public const double StructureWeight = 10;

    /// <summary>Decom-Net's loss for a (low, normal) pair and the decompositions of both.</summary>
    public static DecomLossTerms Decom(Tensor low, Tensor normal, Tensor reflectanceLow, Tensor illuminationLow, Tensor reflectanceNormal, Tensor illuminationNormal)
    {
        using var scope = NewDisposeScope();
        // Eq. 3: each image from its own R and I, and (weight 0.001) from the other image's R.
        var reconstruction = L1(reflectanceLow * illuminationLow, low) + L1(reflectanceNormal * illuminationNormal, normal)
            + CrossWeight * (L1(reflectanceNormal * illuminationLow, low) + L1(reflectanceLow * illuminationNormal, normal));
        var invariable = ReflectanceWeight * L1(reflectanceLow, reflectanceNormal);
        var smoothness = DecomSmoothnessWeight * (Smoothness(illuminationLow, reflectanceLow) + Smoothness(illuminationNormal, reflectanceNormal));
        return new DecomLossTerms(reconstruction.MoveToOuterDisposeScope(), invariable.MoveToOuterDisposeScope(), smoothness.MoveToOuterDisposeScope());
    }

    /// <summary>Enhance-Net's loss: the adjusted illumination Î must light the low image's reflectance to the normal image.</summary>
    public static EnhanceLossTerms Enhance(Tensor normal, Tensor reflectanceLow, Tensor adjusted)
    {
        using var scope = NewDisposeScope();
        var reconstruction = L1(reflectanceLow * adjusted, normal);
        var smoothness = EnhanceSmoothnessWeight * Smoothness(adjusted, reflectanceLow);
        return new EnhanceLossTerms(reconstruction.MoveToOuterDisposeScope(), smoothness.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The structure-aware smoothness of Eq. 5, mean over pixels of |∇ₓI|·exp(−λ_g·avg₃ₓ₃|∇ₓR_grey|) + the same along y:
    /// the illumination may change only where the reflectance has edges.
    /// </summary>
    /// <param name="illumination">I, N×1×H×W.</param>
    /// <param name="reflectance">R, N×3×H×W (its grey level, TensorFlow's rgb_to_grayscale weights, is used).</param>
    public static Tensor Smoothness(Tensor illumination, Tensor reflectance)
    {
        using var scope = NewDisposeScope();
        var grey = (reflectance * tensor(new[] { 0.2989f, 0.587f, 0.114f }).view(1, 3, 1, 1)).sum(1, keepdim: true);
        Tensor Term(bool horizontal)
        {
            var structure = functional.avg_pool2d(Gradient(grey, horizontal), 3, 1, 1, count_include_pad: false);
            return Gradient(illumination, horizontal) * (-StructureWeight * structure).exp();
        }
        return (Term(true) + Term(false)).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// |x ⋆ [[0, 0], [−1, 1]]| (or its transpose for y) with one zero row and column appended, TensorFlow's 'SAME' padding
    /// of a 2×2 kernel: at (y, x), |t(y+1, x+1) − t(y+1, x)| along x and |t(y+1, x+1) − t(y, x+1)| along y.
    /// </summary>
    public static Tensor Gradient(Tensor t, bool horizontal)
    {
        using var scope = NewDisposeScope();
        long h = t.shape[2], w = t.shape[3];
        var padded = functional.pad(t, [0, 1, 0, 1]);
        var corner = padded[.., .., 1.., 1..];
        var neighbour = horizontal ? padded[.., .., 1.., ..(int)w] : padded[.., .., ..(int)h, 1..];
        return (corner - neighbour).abs().MoveToOuterDisposeScope();
    }

    private static Tensor L1(Tensor a, Tensor b) => functional.l1_loss(a, b);
}
