using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class HistogramEqualizationTests
{
    [Fact]
    public void He_8bit_luma_matches_cv2_equalizeHist_bit_exactly()
    {
        var reference = TestData.Reference("he_clahe.json");
        using var luma = Cv2.ImRead(Path.Combine(TestData.ReferenceDir, reference.GetProperty("luma").GetString()!), ImreadModes.Unchanged);
        using var expected = Cv2.ImRead(Path.Combine(TestData.ReferenceDir, reference.GetProperty("equalized").GetString()!), ImreadModes.Unchanged);
        // A grey image has Y = grey and neutral chroma, so the method's Y path must reproduce the plane exactly.
        using var grey = new Mat();
        Cv2.CvtColor(luma, grey, ColorConversionCodes.GRAY2BGR);
        using var result = EnhancementMethods.Registry.Create("he").Enhance(grey);
        foreach (var channel in result.Split())
            using (channel)
            using (var differences = Differences(channel, expected))
                Assert.Equal(0, Cv2.CountNonZero(differences));
    }

    [Fact]
    public void He_output_luminance_cdf_is_close_to_uniform()
    {
        using var dark = TestData.DarkColour(160, 120);
        using var luma = ColourSpace.Luma(dark);
        using var equalized = HistogramEqualization.Equalize(luma);
        var input = LevelCounts.Of8Bit(luma);
        var output = LevelCounts.Of8Bit(equalized);
        double n = luma.Total(), cdf = 0, ks = 0;
        for (int k = 0; k < 256; k++)
        {
            cdf += output[k] / n;
            ks = Math.Max(ks, Math.Abs(cdf - (k + 1) / 256.0));
        }
        // A discrete map cannot split a level: the gap left by the most populated level bounds the KS distance.
        Assert.True(ks <= input.Max() / n + 2 / 256.0, $"KS distance {ks:F4}, largest level {input.Max() / n:F4}");
    }

    [Fact]
    public void He_mapping_is_monotone_for_8bit_and_16bit()
    {
        using var dark = TestData.DarkColour(160, 120);
        using var luma8 = ColourSpace.Luma(dark);
        using var luma16 = new Mat();
        luma8.ConvertTo(luma16, MatType.CV_16U, 257);
        // Fill the gaps between 8-bit levels so the 16-bit plane has thousands of distinct levels.
        var random = new Random(3);
        using var noise = new Mat(luma16.Size(), MatType.CV_16UC1);
        noise.SetArray(Enumerable.Range(0, (int)luma16.Total()).Select(_ => (ushort)random.Next(257)).ToArray());
        Cv2.Add(luma16, noise, luma16);
        foreach (var luma in new[] { luma8, luma16 })
        {
            using var equalized = HistogramEqualization.Equalize(luma);
            using var inputs = new Mat();
            using var outputs = new Mat();
            luma.ConvertTo(inputs, MatType.CV_32S);
            equalized.ConvertTo(outputs, MatType.CV_32S);
            inputs.GetArray(out int[] x);
            outputs.GetArray(out int[] y);
            var pairs = x.Zip(y).Distinct().OrderBy(p => p.First).ToArray();
            for (int i = 1; i < pairs.Length; i++)
            {
                Assert.NotEqual(pairs[i - 1].First, pairs[i].First); // one output per input level
                Assert.True(pairs[i].Second >= pairs[i - 1].Second, $"level {pairs[i].First} maps below level {pairs[i - 1].First}");
            }
        }
    }

    [Fact]
    public void He_16bit_matches_8bit_equalization_of_the_same_levels()
    {
        using var dark = TestData.DarkColour(160, 120);
        using var luma8 = ColourSpace.Luma(dark);
        using var luma16 = new Mat();
        luma8.ConvertTo(luma16, MatType.CV_16U, 257);
        using var out8 = HistogramEqualization.Equalize(luma8);
        using var out16 = HistogramEqualization.Equalize(luma16);
        using var scaled = new Mat();
        out16.ConvertTo(scaled, MatType.CV_32F, 1 / 257.0);
        using var reference = new Mat();
        out8.ConvertTo(reference, MatType.CV_32F);
        using var diff = new Mat();
        Cv2.Absdiff(scaled, reference, diff);
        Cv2.MinMaxLoc(diff, out _, out double worst);
        Assert.True(worst <= 0.5, $"16-bit result differs from 8-bit by {worst:F3} 8-bit levels");
        Cv2.MinMaxLoc(out16, out double low, out double high);
        Assert.Equal((0.0, 65535.0), (low, high));
    }

    [Fact]
    public void He_keeps_hue_in_y_and_v_modes()
    {
        using var dark = TestData.DarkColour(160, 120);
        double HueError(ToneChannel channel)
        {
            using var result = new HistogramEqualization(new HistogramEqualizationOptions { Channel = channel }).Enhance(dark);
            return Colour.MeanHueErrorDegrees(dark, result);
        }
        double y = HueError(ToneChannel.Y), v = HueError(ToneChannel.V), perChannel = HueError(ToneChannel.PerChannel);
        Assert.True(v < 1.5, $"V mode moved hue by {v:F2} degrees");
        Assert.True(y < 6, $"Y mode moved hue by {y:F2} degrees");
        Assert.True(perChannel > 2 * y, $"per-channel {perChannel:F2} vs Y {y:F2} degrees: the measure should see the difference");
    }

    [Fact]
    public void He_is_identity_on_an_already_equalized_image()
    {
        using var dark = TestData.DarkColour(160, 120);
        using var luma = ColourSpace.Luma(dark);
        using var once = HistogramEqualization.Equalize(luma);
        using var twice = HistogramEqualization.Equalize(once);
        using var planeDiff = new Mat();
        Cv2.Absdiff(once, twice, planeDiff);
        Cv2.MinMaxLoc(planeDiff, out _, out double worst);
        // Exact except where sparse dark levels merge into 0 and so move cdf_min: then by one level at most.
        Assert.True(worst <= 1, $"second pass moved a level by {worst}");

        var method = new HistogramEqualization(new HistogramEqualizationOptions());
        using var colourOnce = method.Enhance(dark);
        using var colourTwice = method.Enhance(colourOnce);
        using var diff = new Mat();
        Cv2.Absdiff(colourOnce, colourTwice, diff);
        // The Y path rounds through YCrCb and back, so colour is only nearly unchanged.
        Assert.True(Cv2.Mean(diff).Val0 < 1.0, $"mean change {Cv2.Mean(diff).Val0:F3} levels");
    }

    private static Mat Differences(Mat a, Mat b)
    {
        var diff = new Mat();
        Cv2.Compare(a, b, diff, CmpTypes.NE);
        return diff;
    }
}
