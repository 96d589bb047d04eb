using Lumos.Methods;
using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class GammaTests
{
    [Fact]
    public void Gamma_per_channel_matches_the_power_law_on_every_8bit_level()
    {
        using var ramp = new Mat(1, 256, MatType.CV_8UC3);
        for (int i = 0; i < 256; i++) ramp.Set(0, i, new Vec3b((byte)i, (byte)i, (byte)i));
        using var result = new Gamma(new GammaOptions { Gamma = 0.4, Channel = Lumos.Imaging.ToneChannel.PerChannel }).Enhance(ramp);
        for (int i = 0; i < 256; i++)
            Assert.Equal((byte)Math.Round(255 * Math.Pow(i / 255.0, 0.4)), result.At<Vec3b>(0, i).Item0);
    }

    [Theory]
    [InlineData("y", 8)]
    [InlineData("y", 16)]
    [InlineData("v", 8)]
    [InlineData("per-channel", 8)]
    public void Gamma_of_one_returns_the_image_unchanged(string channel, int bits)
    {
        // Every 8-bit colour would come back from the YCrCb round trip, some moved by a level, were the identity not kept.
        using var colours = Lumos.Tests.Imaging.YCurveTests.EveryColour();
        using var image = new Mat();
        colours.ConvertTo(image, bits == 8 ? MatType.CV_8UC3 : MatType.CV_16UC3, bits == 8 ? 1 : 257);
        using var result = EnhancementMethods.Registry.Create("gamma", new Dictionary<string, string> { ["gamma"] = "1", ["channel"] = channel }).Enhance(image);
        using var difference = new Mat();
        Cv2.Absdiff(result, image, difference);
        Assert.Equal(0, Cv2.CountNonZero(difference.Reshape(1)));
    }

    [Fact]
    public void Gamma_below_one_brightens_a_dark_image()
    {
        using var dark = TestData.DarkColour();
        using var result = EnhancementMethods.Registry.Create("gamma").Enhance(dark);
        Assert.True(Cv2.Mean(result).Val0 > Cv2.Mean(dark).Val0 + 20);
    }
}
