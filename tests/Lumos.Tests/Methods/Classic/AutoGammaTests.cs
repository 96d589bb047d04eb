using Lumos.Imaging;
using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class AutoGammaTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.35)]
    public void AutoGamma_moves_mean_luminance_to_the_target(double target)
    {
        using var dark = TestData.DarkColour(160, 120);
        using var result = new AutoGamma(new AutoGammaOptions { Target = target }).Enhance(dark);
        using var y = ColourSpace.Luma(result);
        double mean = Cv2.Mean(y).Val0 / 255;
        Assert.True(Math.Abs(mean - target) < 0.03, $"mean Y {mean:F3}, target {target}");
    }

    [Fact]
    public void AutoGamma_darkens_a_bright_image_and_clamps_on_black_and_white()
    {
        var method = new AutoGamma(new AutoGammaOptions());
        using var bright = new Mat(8, 8, MatType.CV_8UC3, new Scalar(220, 200, 210));
        Assert.True(method.GammaFor(bright) > 1);
        using var black = new Mat(8, 8, MatType.CV_8UC3, Scalar.All(0));
        using var white = new Mat(8, 8, MatType.CV_16UC3, Scalar.All(65535));
        Assert.InRange(method.GammaFor(black), 0.1, 0.2);
        Assert.Equal(10.0, method.GammaFor(white));
        using var stillBlack = method.Enhance(black);
        using var stillWhite = method.Enhance(white);
        Assert.Equal(0, Cv2.CountNonZero(stillBlack.Reshape(1)));
        Assert.Equal(65535.0, Cv2.Mean(stillWhite).Val0);
    }
}
