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

    [Fact]
    public void Gamma_below_one_brightens_a_dark_image()
    {
        using var dark = TestData.DarkColour();
        using var result = EnhancementMethods.Registry.Create("gamma").Enhance(dark);
        Assert.True(Cv2.Mean(result).Val0 > Cv2.Mean(dark).Val0 + 20);
    }
}
