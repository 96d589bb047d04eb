using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Measures;

public sealed class LoeTests
{
    [Theory]
    [InlineData("colour")] // 200×200, downsampled 4× to 50×50
    [InlineData("grey")] // 64×48, used as it is
    public void Loe_matches_a_plain_double_loop_over_pixel_pairs(string pair)
    {
        var (image, reference) = MeasureImages.FullReferencePair(pair);
        using (image) using (reference)
            Assert.Equal(MeasureImages.FullReferenceValue(pair, "loe"), new Loe().Measure(image, reference), 1e-9);
    }

    [Fact]
    public void Loe_of_a_reversed_order_is_hand_computed()
    {
        // Every pixel sees its order flipped against the 3 others.
        using var input = MeasureImages.Grey(10, 20, 30, 40);
        using var enhanced = MeasureImages.Grey(40, 30, 20, 10);
        Assert.Equal(3.0, new Loe().Measure(enhanced, input));
    }

    [Fact]
    public void Loe_is_zero_for_identical_images_and_for_an_order_keeping_brightening()
    {
        // 96×64 is downsampled by a non-integer factor to 75×50; doubling commutes with that averaging exactly.
        using var input = TestData.DarkColour();
        using var doubled = new Mat();
        input.ConvertTo(doubled, input.Type(), 2);
        Assert.Equal(0.0, new Loe().Measure(input, input));
        Assert.Equal(0.0, new Loe().Measure(doubled, input));
    }

    [Fact]
    public void Loe_counts_lightness_as_the_largest_channel()
    {
        // Same max(R,G,B) everywhere, different luma: no order error.
        using var input = new Mat(2, 2, MatType.CV_8UC3, new Scalar(10, 20, 30));
        using var enhanced = input.Clone();
        enhanced.Set(0, 0, new Vec3b(30, 0, 0));
        Assert.Equal(0.0, new Loe().Measure(enhanced, input));
    }
}
