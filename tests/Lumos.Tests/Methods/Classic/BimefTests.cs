using Lumos.Methods;
using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class BimefTests
{
    [Fact]
    public void Bimef_brightens_dark_images_keeps_bright_ones_and_handles_tiny_and_16bit()
    {
        using var dark = TestData.DarkColour();
        using var result = EnhancementMethods.Registry.Create("bimef").Enhance(dark);
        Assert.Equal(dark.Size(), result.Size());
        Assert.Equal(dark.Type(), result.Type());
        Assert.True(Cv2.Mean(result).Val0 > Cv2.Mean(dark).Val0 + 20);

        // A bright image has T near 1, so W = T^μ near 1 keeps it almost unchanged.
        using var bright = new Mat(32, 32, MatType.CV_8UC3, new Scalar(240, 235, 245));
        using var kept = new Bimef(new BimefOptions()).Enhance(bright);
        Assert.True(Math.Abs(Cv2.Mean(kept).Val0 - 240) < 3);

        // The model: exposure ratio 1 is the identity (γ = 1, β = 1).
        var (gamma, beta) = Bimef.ResponseModel(1);
        Assert.Equal(1f, gamma, 6);
        Assert.Equal(1f, beta, 6);

        using var tiny = TestData.DarkColour(2, 2);
        using var tinyResult = new Bimef(new BimefOptions()).Enhance(tiny);
        Assert.Equal(new Size(2, 2), tinyResult.Size());
        using var odd = TestData.DarkColour(37, 53);
        using var deep = new Mat();
        odd.ConvertTo(deep, MatType.CV_16UC3, 257.0);
        using var deepResult = new Bimef(new BimefOptions()).Enhance(deep);
        Assert.Equal(MatType.CV_16UC3, deepResult.Type());
        Assert.True(Cv2.Mean(deepResult).Val2 > Cv2.Mean(deep).Val2);
    }
}
