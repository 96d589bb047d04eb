using static TorchSharp.torch;

namespace Lumos.Nets.Losses;

/// <summary>
/// A colour-histogram consistency loss after SKF's semantic-guided colour histogram loss (Wu et al., CVPR 2023, §3.3):
/// each channel's histogram of the prediction is made differentiable by soft binning and compared with the ground
/// truth's by L1. SKF takes one histogram per semantic instance from a segmentation net; Lumos ships no segmentation
/// model, so here the instance is the whole training crop, which still pulls each crop's colour distribution (and so
/// its cast and contrast) toward the truth's, where per-pixel losses let colours drift as long as the mean error is low.
/// </summary>
public static class ColourHistogramLoss
{
    /// <summary>
    /// Soft histograms of (N, C, H, W) values in [0, 1] (clamped): <paramref name="bins"/> bins with centres
    /// k/(bins − 1), each value split between its two nearest centres by the triangle (linear) kernel, so each
    /// histogram sums to 1 and is differentiable in the values almost everywhere. Returns (N, C, bins).
    /// </summary>
    public static Tensor SoftHistogram(Tensor values, int bins)
    {
        if (bins < 2) throw new ArgumentOutOfRangeException(nameof(bins), bins, "a soft histogram needs at least 2 bins");
        using var scope = NewDisposeScope();
        long n = values.shape[0], c = values.shape[1];
        var flat = values.clamp(0, 1).reshape(n, c, -1, 1) * (bins - 1);
        var centres = arange(bins, dtype: values.dtype, device: values.device).view(1, 1, 1, bins);
        var weights = (1 - (flat - centres).abs()).clamp_min(0);
        return weights.mean([2]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Σ_bins |h(prediction) − h(truth)| per channel and image (0 for equal distributions, at most 2), averaged over
    /// channels and the batch. Blind to where pixels are: a spatially shuffled truth scores 0.
    /// </summary>
    public static Tensor Compute(Tensor prediction, Tensor truth, int bins = 64)
    {
        using var scope = NewDisposeScope();
        Tensor target;
        using (no_grad()) target = SoftHistogram(truth, bins);
        return (SoftHistogram(prediction, bins) - target).abs().sum([2]).mean().MoveToOuterDisposeScope();
    }
}
