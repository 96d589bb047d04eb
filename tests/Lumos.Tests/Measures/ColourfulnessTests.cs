using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Measures;

public sealed class ColourfulnessTests
{
    [Fact]
    public void Colourfulness_of_red_and_green_matches_the_hand_computed_value()
    {
        // rg = ±255 (mean 0, sd 255); yb = ½(R+G) − B = 127.5 everywhere (mean 127.5, sd 0) → 255 + 0.3·127.5.
        using var image = new Mat(2, 2, MatType.CV_8UC3);
        image.Set(0, 0, new Vec3b(0, 0, 255));
        image.Set(0, 1, new Vec3b(0, 255, 0));
        image.Set(1, 0, new Vec3b(0, 255, 0));
        image.Set(1, 1, new Vec3b(0, 0, 255));
        Assert.Equal(293.25, new Colourfulness().Measure(image), 9);
    }

    [Fact]
    public void Colourfulness_of_a_uniform_blue_is_its_mean_term_only()
    {
        // rg = 0, yb = −255 everywhere: no spread, so M = 0.3·255.
        using var image = new Mat(2, 2, MatType.CV_8UC3, new Scalar(255, 0, 0));
        Assert.Equal(76.5, new Colourfulness().Measure(image), 9);
    }

    [Fact]
    public void Colourfulness_of_grey_is_zero()
    {
        using var grey = MeasureImages.Grey(0, 80, 160, 255);
        using var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        Assert.Equal(0.0, new Colourfulness().Measure(grey), 12);
        Assert.Equal(0.0, new Colourfulness().Measure(bgr), 12);
    }
}
