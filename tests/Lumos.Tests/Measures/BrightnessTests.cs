using Lumos.Measures;

namespace Lumos.Tests.Measures;

public sealed class BrightnessTests
{
    [Fact]
    public void Brightness_is_the_mean_grey_level_on_unit_range()
    {
        using var image = MeasureImages.Grey(0, 51, 102, 255);
        Assert.Equal(0.4, new Brightness().Measure(image), 12);
    }

    [Fact]
    public void Brightness_of_white_is_one_at_8_and_16_bits()
    {
        using var white = MeasureImages.Grey(255, 255, 255, 255);
        using var white16 = MeasureImages.To16Bit(white);
        Assert.Equal(1.0, new Brightness().Measure(white), 12);
        Assert.Equal(1.0, new Brightness().Measure(white16), 12);
    }
}
