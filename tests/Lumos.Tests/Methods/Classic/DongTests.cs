using Lumos.Methods;
using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class DongTests
{
    [Fact]
    public void Dong_brightens_a_dark_image()
    {
        using var dark = TestData.DarkColour();
        using var result = EnhancementMethods.Registry.Create("dong").Enhance(dark);
        Assert.True(Cv2.Mean(result).Val0 > Cv2.Mean(dark).Val0 + 40, $"mean {Cv2.Mean(result).Val0:F1} from {Cv2.Mean(dark).Val0:F1}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dong_keeps_an_all_white_image_white(bool guided)
    {
        using var white = new Mat(37, 53, MatType.CV_8UC3, Scalar.All(255));
        using var result = new Dong(new DongOptions { Guided = guided }).Enhance(white);
        Cv2.MinMaxLoc(result.Reshape(1), out double low, out _);
        Assert.Equal(255.0, low);
    }

    [Fact]
    public void Dong_without_boost_keeps_the_order_of_a_grey_ramp()
    {
        var levels = RampOutput(new DongOptions { Boost = false });
        for (int i = 1; i < levels.Length; i++)
            Assert.True(levels[i] >= levels[i - 1], $"level {i} maps to {levels[i]}, below {levels[i - 1]}");
        Assert.True(levels[64] > 64 + 40);
    }

    [Fact]
    public void Dong_with_boost_keeps_the_order_of_a_grey_ramp_up_to_its_small_dip()
    {
        // P·t = 2t² is not monotone in t on 0.5 > t > 0.375: the curve dips by at most A/32 of full scale there.
        var levels = RampOutput(new DongOptions());
        int worstDrop = 0, runningMax = 0;
        foreach (var level in levels)
        {
            runningMax = Math.Max(runningMax, level);
            worstDrop = Math.Max(worstDrop, runningMax - level);
        }
        Assert.True(worstDrop <= 8, $"order broken by {worstDrop} levels");
        Assert.True(levels[0] < levels[32] && levels[32] < levels[128] && levels[128] < levels[255]);
    }

    [Fact]
    public void Dong_16bit_agrees_with_8bit()
    {
        using var dark8 = TestData.DarkColour();
        using var dark16 = new Mat();
        dark8.ConvertTo(dark16, MatType.CV_16UC3, 257);
        var method = EnhancementMethods.Registry.Create("dong");
        using var out8 = method.Enhance(dark8);
        using var out16 = method.Enhance(dark16);
        using var scaled = new Mat();
        out16.ConvertTo(scaled, MatType.CV_8UC3, 1 / 257.0);
        using var diff = new Mat();
        Cv2.Absdiff(scaled, out8, diff);
        Cv2.MinMaxLoc(diff.Reshape(1), out _, out double worst);
        Assert.True(worst <= 1, $"16-bit result differs by {worst} 8-bit levels");
    }

    [Fact]
    public void Dong_guided_refinement_still_brightens()
    {
        using var dark = TestData.DarkColour();
        using var result = new Dong(new DongOptions { Guided = true, GuidedRadius = 8 }).Enhance(dark);
        Assert.True(Cv2.Mean(result).Val0 > Cv2.Mean(dark).Val0 + 40);
    }

    [Fact]
    public void Dong_guided_refinement_handles_a_2x2_16bit_image()
    {
        using var dark8 = TestData.DarkColour(2, 2);
        using var dark = new Mat();
        dark8.ConvertTo(dark, MatType.CV_16UC3, 257);
        using var result = new Dong(new DongOptions { Guided = true }).Enhance(dark);
        Assert.Equal((dark.Size(), dark.Type()), (result.Size(), result.Type()));
        Assert.True(Cv2.Mean(result).Val0 > Cv2.Mean(dark).Val0);
    }

    /// <summary>Output level of each input level 0..255 of a horizontal grey ramp, read from its middle row.</summary>
    private static int[] RampOutput(DongOptions options)
    {
        using var ramp = new Mat(9, 256, MatType.CV_8UC3);
        for (int y = 0; y < 9; y++)
            for (int i = 0; i < 256; i++) ramp.Set(y, i, new Vec3b((byte)i, (byte)i, (byte)i));
        using var result = new Dong(options).Enhance(ramp);
        return Enumerable.Range(0, 256).Select(i => (int)result.At<Vec3b>(4, i).Item1).ToArray();
    }
}
