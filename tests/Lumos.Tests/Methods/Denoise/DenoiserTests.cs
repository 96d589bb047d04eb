using Lumos.Methods;
using Lumos.Methods.Denoise;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Denoise;

public sealed class DenoiserTests
{
    /// <summary>A grey step (left 100, right 160) in three identical channels with Gaussian noise of σ 10 per channel.</summary>
    private static Mat NoisyStep(int seed)
    {
        var image = new Mat(64, 64, MatType.CV_8UC3, new Scalar(100, 100, 100));
        image[new Rect(32, 0, 32, 64)].SetTo(new Scalar(160, 160, 160));
        var random = new Random(seed);
        var samples = new short[64 * 64 * 3];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = (short)Math.Round(10 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        using var noise = Mat.FromPixelData(64, 64, MatType.CV_16SC3, samples);
        using var wide = new Mat();
        image.ConvertTo(wide, MatType.CV_16SC3);
        Cv2.Add(wide, noise, wide);
        wide.ConvertTo(image, MatType.CV_8UC3);
        return image;
    }

    private static (double Left, double Right, double Deviation) Halves(Mat image)
    {
        using var left = image[new Rect(4, 4, 24, 56)];
        using var right = image[new Rect(36, 4, 24, 56)];
        Cv2.MeanStdDev(left, out var mean, out var deviation);
        return (Cv2.Mean(left).Val0, Cv2.Mean(right).Val0, deviation.Val0);
    }

    [Theory]
    [InlineData("nlmeans")]
    [InlineData("bm3d")]
    public void Denoisers_remove_most_of_the_noise_and_keep_the_edge(string name)
    {
        using var noisy = NoisyStep(3);
        using var clean = Enhancer.Apply(EnhancementMethods.Registry.Create(name, []), noisy);
        var before = Halves(noisy);
        var after = Halves(clean);
        Assert.InRange(before.Deviation, 8, 12);
        Assert.True(after.Deviation < before.Deviation / 3, $"{name}: σ {before.Deviation:F2} -> {after.Deviation:F2}");
        Assert.InRange(after.Left, 98, 102);
        Assert.InRange(after.Right, 158, 162);
    }

    [Fact]
    public void Nlmeans_on_8_bit_colour_is_opencvs_fast_nl_means_exactly()
    {
        using var noisy = NoisyStep(5);
        using var expected = new Mat();
        Cv2.FastNlMeansDenoisingColored(noisy, expected, 6, 8, 5, 15);
        using var actual = new NlMeans(new NlMeansOptions { Strength = 6, ColourStrength = 8, Patch = 5, Search = 15 }).Enhance(noisy);
        Assert.Equal(0, Cv2.Norm(expected, actual, NormTypes.INF));
    }

    [Fact]
    public void Nlmeans_on_16_bit_keeps_the_precision_the_filter_leaves_alone()
    {
        var line = new ushort[256 * 3];
        for (int i = 0; i < line.Length; i++) line[i] = (ushort)(20000 + 3 * (i / 3)); // steps far below one 8-bit level
        using var row = Mat.FromPixelData(1, 256, MatType.CV_16UC3, line);
        using var ramp = new Mat();
        Cv2.Repeat(row, 32, 1, ramp);
        using var result = new NlMeans(new NlMeansOptions()).Enhance(ramp);
        Assert.Equal(MatType.CV_16UC3, result.Type());
        Assert.True(Cv2.Norm(ramp, result, NormTypes.INF) <= 257, "a smooth image changes by at most one 8-bit level");
        using var column = result[new Rect(0, 16, 256, 1)];
        var values = new HashSet<ushort>();
        for (int x = 0; x < 256; x++) values.Add(column.At<Vec3w>(0, x).Item0);
        Assert.True(values.Count > 100, $"only {values.Count} distinct values: the 16-bit detail was lost");
    }

    [Fact]
    public void Bm3d_filters_16_bit_images_at_their_depth()
    {
        using var noisy8 = NoisyStep(7);
        using var noisy = new Mat();
        noisy8.ConvertTo(noisy, MatType.CV_16UC3, 257);
        using var clean = new Bm3d(new Bm3dOptions()).Enhance(noisy);
        Assert.Equal(MatType.CV_16UC3, clean.Type());
        var after = Halves(clean);
        Assert.True(after.Deviation < Halves(noisy).Deviation / 3);
        Assert.InRange(after.Left / 257, 97, 103);
    }
}
