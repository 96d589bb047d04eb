using Lumos.Nets.Losses;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Losses;

public sealed class ZeroDceLossesTests
{
    [Fact]
    public void Spatial_consistency_matches_a_hand_computed_two_region_example()
    {
        using var scope = NewDisposeScope();
        // Input black; output 0.4 over the top 4×4 region, 0.1 over the bottom one (pooled 2×1 map).
        var input = zeros(1, 3, 8, 4);
        var enhanced = cat([full([1, 3, 4, 4], 0.4f), full([1, 3, 4, 4], 0.1f)], 2);
        // top: left, right, up see the zero border (0.4² each), down sees 0.4 − 0.1 (0.09): 0.57;
        // bottom: 0.1² three times plus 0.3²: 0.12; mean over the two regions 0.345.
        Assert.Equal(0.345, ZeroDceLosses.SpatialConsistency(enhanced, input).item<float>(), 5);
        Assert.Equal(0.0, ZeroDceLosses.SpatialConsistency(input, input).item<float>(), 6);
    }

    [Fact]
    public void Exposure_control_averages_squared_distances_of_16x16_patch_means_to_e()
    {
        using var scope = NewDisposeScope();
        var enhanced = cat([full([1, 3, 16, 16], 0.2f), full([1, 3, 16, 16], 0.9f)], 3);
        // ((0.2 − 0.6)² + (0.9 − 0.6)²) / 2
        Assert.Equal(0.125, ZeroDceLosses.ExposureControl(enhanced).item<float>(), 5);
        // One 32×32 patch of the two halves: its mean is 0.55, (0.55 − 0.6)²; and the total passes the patch on.
        var halves = cat([full([1, 3, 32, 16], 0.2f), full([1, 3, 32, 16], 0.9f)], 3);
        Assert.Equal(0.0025, ZeroDceLosses.ExposureControl(halves, patch: 32).item<float>(), 5);
        Assert.Equal(10 * 0.0025, ZeroDceLosses.Compute(halves, halves, zeros(1, 24, 32, 32), exposurePatch: 32).Exposure.item<float>(), 4);
    }

    [Fact]
    public void Colour_constancy_matches_the_official_squared_differences()
    {
        using var scope = NewDisposeScope();
        var enhanced = cat([full([1, 1, 2, 2], 0.5f), full([1, 1, 2, 2], 0.3f), full([1, 1, 2, 2], 0.1f)], 1);
        // D_rg = 0.04, D_rb = 0.16, D_gb = 0.04; sqrt(0.04² + 0.16² + 0.04²)
        Assert.Equal(Math.Sqrt(0.0288), ZeroDceLosses.ColourConstancy(enhanced).item<float>(), 5);
        Assert.Equal(0.0, ZeroDceLosses.ColourConstancy(full([1, 3, 2, 2], 0.7f)).item<float>(), 6);
    }

    [Fact]
    public void Colour_constancy_has_a_finite_gradient_on_a_grey_image()
    {
        // A grey crop under shared curves gives equal channel means: the official sqrt has an infinite slope there,
        // and even a zero weight times infinity is NaN (which once turned a shared-curve run's weights into NaN).
        using var scope = NewDisposeScope();
        var grey = full([1, 3, 4, 4], 0.4f).requires_grad_();
        (0.0 * ZeroDceLosses.ColourConstancy(grey)).backward();
        Assert.True(grey.grad!.isfinite().all().item<bool>());
    }

    [Fact]
    public void Illumination_smoothness_is_the_official_total_variation()
    {
        using var scope = NewDisposeScope();
        var curves = tensor(new float[] { 0, 1, 2, 4 }, [1, 1, 2, 2]);
        // vertical (2² + 3²)/(1·2) = 6.5, horizontal (1² + 2²)/(2·1) = 2.5; 2·9 / batch 1
        Assert.Equal(18.0, ZeroDceLosses.IlluminationSmoothness(curves).item<float>(), 4);
    }

    [Fact]
    public void The_total_weighs_the_terms_as_the_official_training_script()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var input = rand([2, 3, 32, 32], generator: generator) * 0.2;
        var enhanced = rand([2, 3, 32, 32], generator: generator);
        var curves = rand([2, 24, 32, 32], generator: generator) * 2 - 1;
        var terms = ZeroDceLosses.Compute(enhanced, input, curves);
        double expected = ZeroDceLosses.SpatialConsistency(enhanced, input).item<float>()
            + 10 * ZeroDceLosses.ExposureControl(enhanced).item<float>()
            + 5 * ZeroDceLosses.ColourConstancy(enhanced).item<float>()
            + 200 * ZeroDceLosses.IlluminationSmoothness(curves).item<float>();
        Assert.Equal(expected, terms.Total.item<float>(), 3);
    }

    [Fact]
    public void The_smoothness_weight_option_scales_only_the_smoothness_term()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(6);
        var input = rand([1, 3, 32, 32], generator: generator) * 0.2;
        var enhanced = rand([1, 3, 32, 32], generator: generator);
        var curves = rand([1, 24, 32, 32], generator: generator) * 2 - 1;
        var official = ZeroDceLosses.Compute(enhanced, input, curves);
        var heavier = ZeroDceLosses.Compute(enhanced, input, curves, smoothnessWeight: 1600);

        Assert.Equal(8 * official.Smoothness.item<float>(), heavier.Smoothness.item<float>(), 2);
        Assert.Equal(official.Exposure.item<float>(), heavier.Exposure.item<float>());
    }
}
