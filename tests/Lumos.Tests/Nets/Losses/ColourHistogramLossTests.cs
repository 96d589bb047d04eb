using Lumos.Nets.Losses;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Losses;

public sealed class ColourHistogramLossTests
{
    [Fact]
    public void Soft_histogram_splits_each_value_between_its_two_nearest_bins_and_sums_to_one()
    {
        using var scope = NewDisposeScope();
        const int bins = 8;
        var generator = new Generator(5);
        var values = rand([2, 3, 5, 7], generator: generator);
        var histogram = ColourHistogramLoss.SoftHistogram(values, bins);
        Assert.Equal([2L, 3, bins], histogram.shape);

        // Independent: linear interpolation of each value onto the centres k/(bins − 1), counted in float64.
        var data = values.data<float>().ToArray();
        var soft = histogram.data<float>().ToArray();
        for (int plane = 0; plane < 6; plane++)
        {
            var expected = new double[bins];
            for (int i = 0; i < 35; i++)
            {
                double position = data[plane * 35 + i] * (bins - 1);
                int below = Math.Min((int)position, bins - 2);
                expected[below] += (below + 1 - position) / 35;
                expected[below + 1] += (position - below) / 35;
            }
            for (int k = 0; k < bins; k++) Assert.Equal(expected[k], soft[plane * bins + k], 1e-6);
            Assert.Equal(1, soft.Skip(plane * bins).Take(bins).Sum(), 1e-5);
        }
    }

    [Fact]
    public void Colour_histogram_loss_ignores_where_pixels_are_but_not_their_colours()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var truth = rand([1, 3, 16, 16], generator: generator);
        var shuffled = truth.reshape(1, 3, -1).index_select(2, randperm(256, generator: generator)).reshape(1, 3, 16, 16);
        Assert.True((shuffled - truth).abs().mean().item<float>() > 0.2);
        Assert.Equal(0, ColourHistogramLoss.Compute(shuffled, truth).item<float>(), 1e-6);

        // A blue cast costs more the stronger it is.
        var blue = tensor(new float[] { 0, 0, 1 }).view(1, 3, 1, 1);
        var losses = new[] { 0.02f, 0.05f, 0.15f }.Select(cast => ColourHistogramLoss.Compute((truth + cast * blue).clamp(0, 1), truth).item<float>()).ToArray();
        Assert.True(losses[0] > 0.01 && losses[0] < losses[1] && losses[1] < losses[2], string.Join(", ", losses));
    }

    [Fact]
    public void Descending_the_colour_histogram_loss_removes_a_colour_cast()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(9);
        var truth = rand([1, 3, 24, 24], generator: generator) * 0.6 + 0.2;
        var blue = tensor(new float[] { 0, 0, 1 }).view(1, 3, 1, 1);
        var image = new TorchSharp.Modules.Parameter((truth + 0.1 * blue).detach());
        var optimiser = optim.Adam([image], 0.005);
        double first = 0, last = 0;
        for (int step = 0; step < 200; step++)
        {
            optimiser.zero_grad();
            var loss = ColourHistogramLoss.Compute(image, truth, bins: 16);
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
            loss.backward();
            optimiser.step();
        }
        double castLeft;
        using (no_grad()) castLeft = (image[0, 2] - truth[0, 2]).mean().item<float>();
        Assert.True(last < 0.5 * first, $"{first} → {last}, cast left {castLeft}");
        Assert.True(castLeft < 0.05, $"blue cast left: {castLeft}");
    }

    [Fact]
    public void A_soft_histogram_needs_two_bins()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(() => ColourHistogramLoss.SoftHistogram(zeros(1, 1, 2, 2), 1));
    }
}
