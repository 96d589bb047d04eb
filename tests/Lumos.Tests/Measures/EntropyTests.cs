using Lumos.Measures;

namespace Lumos.Tests.Measures;

public sealed class EntropyTests
{
    [Theory]
    [InlineData(7, 7, 7, 7, 0.0)]
    [InlineData(0, 0, 255, 255, 1.0)]
    [InlineData(0, 1, 2, 3, 2.0)]
    [InlineData(9, 9, 9, 200, 0.8112781244591328)] // −(¾ log₂ ¾ + ¼ log₂ ¼)
    public void Entropy_is_the_shannon_entropy_of_the_grey_levels_in_bits(byte a, byte b, byte c, byte d, double bits)
    {
        using var image = MeasureImages.Grey(a, b, c, d);
        Assert.Equal(bits, new Entropy().Measure(image), 12);
    }

    [Fact]
    public void Entropy_bins_16bit_levels_to_the_8bit_level_they_convert_to()
    {
        // 257·k ± 100 all round to level k, so two 16-bit levels near 257·3 count as one bin.
        using var image = MeasureImages.To16Bit(MeasureImages.Grey(3, 3, 200, 200));
        image.Set(0, 0, (ushort)(257 * 3 - 100));
        image.Set(0, 1, (ushort)(257 * 3 + 100));
        Assert.Equal(1.0, new Entropy().Measure(image), 12);
    }
}
