using Lumos.Measures;

namespace Lumos.Tests.Measures;

public sealed class Ciede2000Tests
{
    [Theory]
    [InlineData("colour")]
    [InlineData("grey")]
    public void Ciede2000_matches_skimage_deltaE_of_rgb2lab(string pair)
    {
        var (image, reference) = MeasureImages.FullReferencePair(pair);
        using (image) using (reference)
            Assert.Equal(MeasureImages.FullReferenceValue(pair, "ciede2000"), new Ciede2000().Measure(image, reference), 1e-4);
    }

    [Fact]
    public void Ciede2000_of_identical_images_is_zero()
    {
        using var image = TestData.DarkColour(37, 53);
        Assert.Equal(0.0, new Ciede2000().Measure(image, image));
    }

    [Fact]
    public void Ciede2000_is_symmetric()
    {
        var (image, reference) = MeasureImages.FullReferencePair("colour");
        using (image) using (reference)
            Assert.Equal(new Ciede2000().Measure(image, reference), new Ciede2000().Measure(reference, image), 9);
    }

    [Fact]
    public void Ciede2000_of_16bit_content_equals_8bit()
    {
        var (image, reference) = MeasureImages.FullReferencePair("colour");
        using (image) using (reference)
        using (var wideImage = MeasureImages.To16Bit(image))
        using (var wideReference = MeasureImages.To16Bit(reference))
            Assert.Equal(new Ciede2000().Measure(image, reference), new Ciede2000().Measure(wideImage, wideReference), 9);
    }
}
