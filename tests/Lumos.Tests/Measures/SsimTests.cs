using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Measures;

public sealed class SsimTests
{
    private static Ssim Create(MeasureChannel channel = MeasureChannel.Rgb, int crop = 0) => new(new SsimOptions { Channel = channel, CropBorder = crop });

    [Theory]
    [InlineData("colour")]
    [InlineData("grey")]
    public void Ssim_matches_skimage_gaussian_weights_mean_over_channels(string pair)
    {
        var (image, reference) = MeasureImages.FullReferencePair(pair);
        using (image) using (reference)
            Assert.Equal(MeasureImages.FullReferenceValue(pair, "ssim"), Create().Measure(image, reference), 1e-4);
    }

    [Theory]
    [InlineData("colour")]
    [InlineData("grey")]
    public void Ssim_on_basicsr_y_with_crop_border_4_matches_skimage(string pair)
    {
        var (image, reference) = MeasureImages.FullReferencePair(pair);
        using (image) using (reference)
            Assert.Equal(MeasureImages.FullReferenceValue(pair, "ssim-y4"), Create(MeasureChannel.Y, 4).Measure(image, reference), 1e-4);
    }

    [Fact]
    public void Ssim_of_identical_images_is_one()
    {
        using var image = TestData.DarkColour(37, 53);
        Assert.Equal(1.0, Create().Measure(image, image), 12);
        Assert.Equal(1.0, Create(MeasureChannel.Y, 2).Measure(image, image), 12);
    }

    [Fact]
    public void Ssim_decreases_as_noise_grows()
    {
        using var clean = TestData.DarkColour(64, 48);
        var values = new[] { 2.0, 6, 20 }.Select(sigma =>
        {
            using var noisy = MeasureImages.WithNoise(clean, sigma);
            return Create().Measure(noisy, clean);
        }).ToArray();
        Assert.True(values[0] < 1 && values[0] > values[1] && values[1] > values[2], string.Join(", ", values));
    }

    [Fact]
    public void Ssim_of_16bit_content_equals_8bit_because_the_range_follows_the_depth()
    {
        var (image, reference) = MeasureImages.FullReferencePair("grey");
        using (image) using (reference)
        using (var wideImage = MeasureImages.To16Bit(image))
        using (var wideReference = MeasureImages.To16Bit(reference))
            // Equal up to the float32 filtering (~1e-7).
            Assert.Equal(Create().Measure(image, reference), Create().Measure(wideImage, wideReference), 1e-6);
    }

    [Fact]
    public void Ssim_of_a_grey_pair_equals_that_of_the_same_pair_as_equal_channel_colour()
    {
        var (image, reference) = MeasureImages.FullReferencePair("grey");
        using (image) using (reference)
        using (var colourImage = new Mat())
        {
            Cv2.CvtColor(image, colourImage, ColorConversionCodes.GRAY2BGR);
            Assert.Equal(Create().Measure(image, reference), Create().Measure(colourImage, reference), 12);
        }
    }

    [Fact]
    public void Ssim_rejects_images_smaller_than_its_window_after_cropping()
    {
        using var image = TestData.DarkColour(20, 16);
        var error = Assert.Throws<LumosException>(() => Create(crop: 3).Measure(image, image));
        Assert.Equal("ssim needs at least 11×11 pixels after cropping, got 14×10", error.Message);
    }
}
