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
}
