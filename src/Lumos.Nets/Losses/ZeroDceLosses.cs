using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Losses;

/// <summary>The four loss terms of one Zero-DCE step, weighted, and their sum.</summary>
/// <param name="Spatial">Spatial consistency L_spa (weight 1).</param>
/// <param name="Exposure">Exposure control L_exp (weight 10).</param>
/// <param name="Colour">Colour constancy L_col (weight 5).</param>
/// <param name="Smoothness">Illumination smoothness L_tvA (weight 200).</param>
public sealed record ZeroDceLossTerms(Tensor Spatial, Tensor Exposure, Tensor Colour, Tensor Smoothness)
{
    /// <summary>The total loss, the sum of the weighted terms.</summary>
    public Tensor Total => Spatial + Exposure + Colour + Smoothness;
}

/// <summary>
/// Zero-DCE's non-reference losses (Guo et al., CVPR 2020, §3.3, Eqs. 5–9) as the official code computes them,
/// with the official training weights: L = 200·L_tvA + L_spa + 5·L_col + 10·L_exp (lowlight_train.py).
/// </summary>
public static class ZeroDceLosses
{
    /// <summary>Weights of the official training script.</summary>
    public const double SpatialWeight = 1, ExposureWeight = 10, ColourWeight = 5, SmoothnessWeight = 200;

    /// <summary>All four terms for an enhanced batch, its input and the curve maps.</summary>
    /// <param name="enhanced">The enhanced batch.</param>
    /// <param name="input">Its input.</param>
    /// <param name="curves">The curve maps that enhanced it.</param>
    /// <param name="wellExposed">The exposure level E (official 0.6).</param>
    /// <param name="colourWeight">Weight of the colour-constancy term (official 5).</param>
    /// <param name="exposurePatch">Side of the exposure term's patches (official 16).</param>
    /// <param name="smoothnessWeight">Weight of the illumination-smoothness term (official 200).</param>
    public static ZeroDceLossTerms Compute(
        Tensor enhanced, Tensor input, Tensor curves, double wellExposed = 0.6, double colourWeight = ColourWeight, int exposurePatch = 16,
        double smoothnessWeight = SmoothnessWeight) => new(
        SpatialWeight * SpatialConsistency(enhanced, input),
        ExposureWeight * ExposureControl(enhanced, exposurePatch, wellExposed),
        colourWeight * ColourConstancy(enhanced),
        smoothnessWeight * IlluminationSmoothness(curves));

    /// <summary>
    /// Spatial consistency (Eq. 5): channel means are 4×4 average-pooled; the squared change, between input and
    /// output, of each region's difference to its 4 neighbours (zero beyond the border, as the official
    /// convolution with padding 1 does), summed over neighbours and averaged over regions.
    /// </summary>
    public static Tensor SpatialConsistency(Tensor enhanced, Tensor input)
    {
        using var scope = NewDisposeScope();
        var org = functional.avg_pool2d(input.mean([1], keepdim: true), 4);
        var enh = functional.avg_pool2d(enhanced.mean([1], keepdim: true), 4);
        var orgPadded = functional.pad(org, [1, 1, 1, 1]);
        var enhPadded = functional.pad(enh, [1, 1, 1, 1]);
        long h = org.shape[2], w = org.shape[3];
        Tensor total = zeros_like(org);
        foreach (var (dy, dx) in new[] { (0, -1), (0, 1), (-1, 0), (1, 0) })
        {
            var dOrg = org - orgPadded.narrow(2, 1 + dy, h).narrow(3, 1 + dx, w);
            var dEnh = enh - enhPadded.narrow(2, 1 + dy, h).narrow(3, 1 + dx, w);
            total = total + (dOrg - dEnh).pow(2);
        }
        return total.mean().MoveToOuterDisposeScope();
    }

    /// <summary>Exposure control (Eq. 6): squared distance of each patch's mean intensity to the well-exposedness level E.</summary>
    public static Tensor ExposureControl(Tensor enhanced, int patch = 16, double wellExposed = 0.6)
    {
        using var scope = NewDisposeScope();
        var mean = functional.avg_pool2d(enhanced.mean([1], keepdim: true), patch);
        return (mean - wellExposed).pow(2).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Colour constancy (Eq. 7, Grey-World): from the image's channel means, sqrt of the sum of the squared
    /// squared pairwise differences (the official code squares D = (J_p − J_q)² once more), averaged over the batch.
    /// </summary>
    public static Tensor ColourConstancy(Tensor enhanced)
    {
        using var scope = NewDisposeScope();
        var means = enhanced.mean([2, 3]);
        var (r, g, b) = (means.select(1, 0), means.select(1, 1), means.select(1, 2));
        var drg = (r - g).pow(2);
        var drb = (r - b).pow(2);
        var dgb = (b - g).pow(2);
        // The floor keeps the gradient finite where the channel means are equal (a grey crop under shared curves):
        // d√x/dx is infinite at 0, and even a zero weight times infinity is NaN.
        return (drg.pow(2) + drb.pow(2) + dgb.pow(2)).clamp_min(1e-20).sqrt().mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Illumination smoothness (Eq. 8): total variation of the curve maps, 2·(Σ Δ_y² / ((H−1)W) + Σ Δ_x² / (H(W−1))) / batch,
    /// as the official L_TV computes it.
    /// </summary>
    public static Tensor IlluminationSmoothness(Tensor curves)
    {
        using var scope = NewDisposeScope();
        long n = curves.shape[0], h = curves.shape[2], w = curves.shape[3];
        var dy = (curves.narrow(2, 1, h - 1) - curves.narrow(2, 0, h - 1)).pow(2).sum();
        var dx = (curves.narrow(3, 1, w - 1) - curves.narrow(3, 0, w - 1)).pow(2).sum();
        return (2 * (dy / ((h - 1) * w) + dx / (h * (w - 1))) / n).MoveToOuterDisposeScope();
    }
}
