using Lumos.Measures;

namespace Lumos.Tests.Measures;

public sealed class RmsContrastTests
{
    [Fact]
    public void Rms_contrast_of_half_black_half_white_is_one_half()
    {
        using var image = MeasureImages.Grey(0, 0, 255, 255);
        Assert.Equal(0.5, new RmsContrast().Measure(image), 12);
    }

    [Fact]
    public void Rms_contrast_is_the_population_deviation()
    {
        // Levels 0, 51, 102, 255 on [0,1]: 0, 0.2, 0.4, 1; mean 0.4; deviations² 0.16, 0.04, 0, 0.36 → √(0.56/4).
        using var image = MeasureImages.Grey(0, 51, 102, 255);
        Assert.Equal(Math.Sqrt(0.14), new RmsContrast().Measure(image), 12);
    }

    [Fact]
    public void Rms_contrast_of_a_flat_image_is_zero()
    {
        using var image = MeasureImages.Grey(90, 90, 90, 90);
        Assert.Equal(0.0, new RmsContrast().Measure(image), 12);
    }
}
