using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Tests.Processing;

/// <summary>Methods that act on luma alone take a grey plane directly, with the result of the colour round trip.</summary>
public sealed class LumaMethodTests
{
    [Theory]
    [InlineData("gamma", false)]
    [InlineData("log", false)]
    [InlineData("he", false)]
    [InlineData("auto-gamma", false)]
    [InlineData("clahe", false)]
    [InlineData("he", true)]
    [InlineData("clahe", true)]
    public void A_grey_plane_gives_what_grey_through_colour_gives(string method, bool deep)
    {
        using var colour8 = TestData.DarkColour(97, 64, seed: 5);
        using var grey = new Mat();
        using (var grey8 = new Mat())
        {
            Cv2.CvtColor(colour8, grey8, ColorConversionCodes.BGR2GRAY);
            grey8.ConvertTo(grey, deep ? MatType.CV_16U : MatType.CV_8U, deep ? 257 : 1);
        }
        using var operation = Operations.Create(method, []);
        Assert.True(((MethodOperation)operation).Method is ILumaMethod { ActsOnLumaOnly: true });

        using var direct = Processor.Apply(operation, grey);
        using var colour = new Mat();
        Cv2.CvtColor(grey, colour, ColorConversionCodes.GRAY2BGR);
        using var viaColour = operation.Apply(colour);
        using var back = new Mat();
        Cv2.CvtColor(viaColour, back, ColorConversionCodes.BGR2GRAY);

        Assert.Equal(0, Cv2.Norm(direct, back, NormTypes.INF));
    }

    [Fact]
    public void Channel_v_or_per_channel_is_not_luma_only()
    {
        using var gamma = Operations.Create("gamma", [new("channel", "per-channel")]);
        Assert.False(((MethodOperation)gamma).Method is ILumaMethod { ActsOnLumaOnly: true });
    }
}
