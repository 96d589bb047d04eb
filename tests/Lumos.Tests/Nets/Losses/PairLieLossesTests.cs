using Lumos.Nets.Losses;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Losses;

public sealed class PairLieLossesTests
{
    private static Tensor Image(float[] values, int channels, int height, int width) => tensor(values, [1, channels, height, width]);

    [Fact]
    public void Every_term_matches_a_hand_computation_on_a_1x2_image()
    {
        using var scope = NewDisposeScope();
        // Two pixels; the first image I₁, its projection X₁, L₁ and R₁, and the second image's R₂.
        var input = Image([0.2f, 0.4f, 0.1f, 0.2f, 0.3f, 0.6f], 3, 1, 2);       // max over channels: 0.3, 0.6
        var projected = Image([0.2f, 0.5f, 0.1f, 0.2f, 0.2f, 0.6f], 3, 1, 2);
        var illumination = Image([0.5f, 1.0f], 1, 1, 2);
        var reflectance = Image([0.4f, 0.5f, 0.2f, 0.2f, 0.4f, 0.6f], 3, 1, 2);
        var reflectance2 = Image([0.4f, 0.4f, 0.2f, 0.3f, 0.4f, 0.6f], 3, 1, 2);
        var terms = PairLieLosses.Compute(input, projected, illumination, reflectance, reflectance2);

        // C: (0² + 0.1² + 0² + 0.1² + 0² + 0²)/6
        Assert.Equal(0.02 / 6, terms.Consistency.item<float>(), 6);
        // L∘R = (0.2, 0.5, 0.1, 0.2, 0.2, 0.6) = X: the first part is 0; X/L = (0.4, 0.5, 0.2, 0.2, 0.4, 0.6) = R: the second is 0.
        Assert.Equal(0, terms.Reconstruction.item<float>(), 6);
        // L against max_c I: ((0.5 − 0.3)² + (1 − 0.6)²)/2
        Assert.Equal((0.04 + 0.16) / 2, terms.IlluminationPrior.item<float>(), 6);
        // 500 · MSE(I, X): only (0.4 − 0.5)² and (0.3 − 0.2)² differ.
        Assert.Equal(500 * 0.02 / 6, terms.Projection.item<float>(), 4);
        // Smoothness needs three pixels along an axis: 1×2 has none (the official mean over nothing is NaN; here 0).
        Assert.Equal(0, terms.Smoothness.item<float>());
    }

    [Fact]
    public void Reconstruction_counts_both_the_product_and_the_ratio_and_stops_the_gradient_through_l_in_the_ratio()
    {
        using var scope = NewDisposeScope();
        var input = full([1, 3, 3, 3], 0.5f);
        var projected = full([1, 3, 3, 3], 0.4f);
        var illumination = full([1, 1, 3, 3], 0.5f).requires_grad_(true);
        var reflectance = full([1, 3, 3, 3], 0.6f);
        var terms = PairLieLosses.Compute(input, projected, illumination, reflectance, reflectance);
        // (0.5·0.6 − 0.4)² + (0.6 − 0.4/0.5)² = 0.01 + 0.04
        Assert.Equal(0.05, terms.Reconstruction.item<float>(), 6);
        terms.Reconstruction.backward();
        // Only the product term reaches L: d/dL mean over 27 of (L·R − X)² = 2(L·R − X)·R/27 per channel, 3 channels per L pixel.
        Assert.Equal(3 * 2 * (0.3 - 0.4) * 0.6 / 27, illumination.grad!.mean().item<float>(), 6);
    }

    [Fact]
    public void Smoothness_is_the_mean_absolute_central_difference_two_pixels_apart_on_each_axis()
    {
        using var scope = NewDisposeScope();
        // A horizontal ramp 0, 1, 2, 3 on 3 rows: |x+1 − x−1| = 2 everywhere along x, 0 along y.
        var ramp = arange(4).to(ScalarType.Float32).view(1, 1, 1, 4).expand(1, 1, 3, 4).contiguous();
        Assert.Equal(2, PairLieLosses.Smoothness(ramp).item<float>(), 6);
        Assert.Equal(2, PairLieLosses.Smoothness(ramp.transpose(2, 3)).item<float>(), 6);
        Assert.Equal(0, PairLieLosses.Smoothness(full([1, 1, 5, 5], 0.7f)).item<float>(), 6);
    }
}
