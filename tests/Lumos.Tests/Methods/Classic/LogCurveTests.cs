using Lumos.Imaging;
using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class LogCurveTests
{
    [Fact]
    public void Log_per_channel_matches_the_normalised_log_on_every_8bit_level()
    {
        using var ramp = new Mat(2, 256, MatType.CV_8UC3);
        for (int i = 0; i < 256; i++)
        {
            ramp.Set(0, i, new Vec3b((byte)i, (byte)i, (byte)i));
            ramp.Set(1, i, new Vec3b((byte)i, (byte)i, (byte)i));
        }
        using var result = new LogCurve(new LogCurveOptions { C = 20, Channel = ToneChannel.PerChannel }).Enhance(ramp);
        for (int i = 0; i < 256; i++)
            Assert.Equal((byte)Math.Round(255 * Math.Log(1 + 20 * i / 255.0) / Math.Log(21)), result.At<Vec3b>(1, i).Item2);
    }

    [Fact]
    public void Log_brightens_a_dark_image_more_with_larger_c()
    {
        using var dark = TestData.DarkColour();
        double Mean(double c)
        {
            using var result = new LogCurve(new LogCurveOptions { C = c }).Enhance(dark);
            return Cv2.Mean(result).Val0;
        }
        Assert.True(Mean(10) > Cv2.Mean(dark).Val0 + 20);
        Assert.True(Mean(100) > Mean(10));
    }
}
