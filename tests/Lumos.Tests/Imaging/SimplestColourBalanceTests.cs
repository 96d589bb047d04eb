using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Tests.Imaging;

public sealed class SimplestColourBalanceTests
{
    [Fact]
    public void Balance_matches_sorted_quantiles_per_channel_to_one_bin()
    {
        // 37 pixels per row: 111 floats, so rows end in a partial vector block (the scalar tail).
        const int width = 37, height = 11, n = width * height;
        var random = new Random(5);
        using var values = new Mat(height, width, MatType.CV_32FC3);
        var samples = new float[3][];
        for (int c = 0; c < 3; c++) samples[c] = new float[n];
        for (int i = 0; i < n; i++)
        {
            var v = new Vec3f((float)random.NextDouble(), (float)(5 * random.NextDouble() - 2), (float)Math.Exp(3 * random.NextDouble()));
            values.Set(i / width, i % width, v);
            for (int c = 0; c < 3; c++) samples[c][i] = v[c];
        }

        using var balanced = new Mat();
        SimplestColourBalance.Apply(values, balanced, 2, 3, 1e-6);
        for (int c = 0; c < 3; c++)
        {
            var sorted = samples[c].Order().ToArray();
            double low = sorted[n * 2 / 100], high = sorted[n - 1 - n * 3 / 100];
            // Quantiles come from 4096 bins, so each end may move by one bin of the channel's range.
            double tolerance = (sorted[^1] - sorted[0]) / 4096 / (high - low) * 2;
            for (int i = 0; i < n; i++)
            {
                double expected = Math.Clamp((samples[c][i] - low) / (high - low), 0, 1);
                Assert.InRange(balanced.At<Vec3f>(i / width, i % width)[c], expected - tolerance, expected + tolerance);
            }
        }
    }

    [Fact]
    public void Balance_maps_a_flat_channel_to_one_half_or_the_flat_source_and_keeps_the_others()
    {
        using var values = new Mat(4, 5, MatType.CV_32FC3, new Scalar(7, 0, 0));
        values.Set(0, 0, new Vec3f(7, 0, 1));
        using var balanced = new Mat();
        SimplestColourBalance.Apply(values, balanced, 0, 0, 1e-3);
        Assert.Equal(0.5f, balanced.At<Vec3f>(2, 2).Item0);
        Assert.Equal(0.5f, balanced.At<Vec3f>(2, 2).Item1);
        Assert.Equal(0f, balanced.At<Vec3f>(2, 2).Item2);
        Assert.InRange(balanced.At<Vec3f>(0, 0).Item2, 0.999f, 1f);

        // With a source, the flat channels are the source's own instead.
        using var source = new Mat(4, 5, MatType.CV_32FC3, new Scalar(0.25, 0.75, 0.1));
        SimplestColourBalance.Apply(values, balanced, 0, 0, 1e-3, flatSource: source);
        Assert.Equal(new Vec3f(0.25f, 0.75f, 0f), balanced.At<Vec3f>(2, 2));
    }
}
