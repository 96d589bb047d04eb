using Lumos.Measures;

namespace Lumos.Tests.Measures;

public sealed class MichelsonTests
{
    [Fact]
    public void Michelson_contrast_uses_only_the_extremes()
    {
        // (153 − 51) / (153 + 51) = 0.5; the two middle samples do not matter.
        using var image = MeasureImages.Grey(51, 153, 100, 100);
        using var other = MeasureImages.Grey(51, 153, 60, 140);
        Assert.Equal(0.5, new Michelson().Measure(image), 12);
        Assert.Equal(0.5, new Michelson().Measure(other), 12);
    }

    [Fact]
    public void Michelson_contrast_is_one_with_a_black_pixel_and_zero_for_black()
    {
        using var withBlack = MeasureImages.Grey(0, 200, 200, 200);
        using var black = MeasureImages.Grey(0, 0, 0, 0);
        Assert.Equal(1.0, new Michelson().Measure(withBlack), 12);
        Assert.Equal(0.0, new Michelson().Measure(black), 12);
    }

    [Fact]
    public void Michelson_contrast_of_a_colour_image_is_the_same_at_8_and_16_bits()
    {
        // Luma of (B, G, R) = (0, 2, 3) is 0.114·0 + 0.587·2 + 0.299·3 = 2.071, which 8-bit luma would round to 2.
        using var image = new OpenCvSharp.Mat(2, 2, OpenCvSharp.MatType.CV_8UC3, new OpenCvSharp.Scalar(0, 2, 3));
        image.Set(0, 0, new OpenCvSharp.Vec3b(200, 220, 240));
        using var deep = new OpenCvSharp.Mat();
        image.ConvertTo(deep, OpenCvSharp.MatType.CV_16UC3, 257);
        double high = 0.114 * 200 + 0.587 * 220 + 0.299 * 240, low = 0.587 * 2 + 0.299 * 3;
        Assert.Equal((high - low) / (high + low), new Michelson().Measure(image), 5);
        Assert.Equal(new Michelson().Measure(image), new Michelson().Measure(deep), 6);
    }
}
