using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Measures;

public sealed class PsnrTests
{
    private static Psnr Create(MeasureChannel channel = MeasureChannel.Rgb, int crop = 0) => new(new PsnrOptions { Channel = channel, CropBorder = crop });

    [Theory]
    [InlineData("colour")]
    [InlineData("grey")]
    public void Psnr_matches_skimage_over_all_samples(string pair)
    {
        var (image, reference) = MeasureImages.FullReferencePair(pair);
        using (image) using (reference)
            Assert.Equal(MeasureImages.FullReferenceValue(pair, "psnr"), Create().Measure(image, reference), 1e-3);
    }

    [Theory]
    [InlineData("colour")]
    [InlineData("grey")]
    public void Psnr_on_basicsr_y_with_crop_border_4_matches_numpy(string pair)
    {
        var (image, reference) = MeasureImages.FullReferencePair(pair);
        using (image) using (reference)
            Assert.Equal(MeasureImages.FullReferenceValue(pair, "psnr-y4"), Create(MeasureChannel.Y, 4).Measure(image, reference), 1e-3);
    }

    [Fact]
    public void Psnr_of_one_sample_off_by_one_in_four_is_hand_computed()
    {
        using var a = MeasureImages.Grey(10, 20, 30, 40);
        using var b = MeasureImages.Grey(10, 21, 30, 40);
        // MSE = 1/4, so PSNR = 10·log10(255² · 4).
        Assert.Equal(10 * Math.Log10(255.0 * 255 * 4), Create().Measure(a, b), 12);
    }

    [Fact]
    public void Psnr_of_identical_images_is_positive_infinity()
    {
        using var image = TestData.DarkColour(37, 53);
        Assert.Equal(double.PositiveInfinity, Create().Measure(image, image));
        Assert.Equal(double.PositiveInfinity, Create(MeasureChannel.Y, 3).Measure(image, image));
    }

    [Fact]
    public void Psnr_of_16bit_content_equals_8bit_because_the_range_follows_the_depth()
    {
        var (image, reference) = MeasureImages.FullReferencePair("colour");
        using (image) using (reference)
        using (var wideImage = MeasureImages.To16Bit(image))
        using (var wideReference = MeasureImages.To16Bit(reference))
            foreach (var channel in new[] { MeasureChannel.Rgb, MeasureChannel.Y })
                Assert.Equal(Create(channel).Measure(image, reference), Create(channel).Measure(wideImage, wideReference), 9);
    }

    [Fact]
    public void Psnr_rejects_a_crop_that_leaves_nothing()
    {
        using var image = TestData.DarkColour(20, 10);
        var error = Assert.Throws<LumosException>(() => Create(crop: 5).Measure(image, image));
        Assert.Contains("crop-border=5", error.Message);
    }

    [Fact]
    public void Psnr_options_bind_from_the_command_line_names()
    {
        var measure = QualityMeasures.Registry.Create("psnr", [new("channel", "y"), new("crop-border", "4")]);
        var (image, reference) = MeasureImages.FullReferencePair("colour");
        using (image) using (reference)
            Assert.Equal(MeasureImages.FullReferenceValue("colour", "psnr-y4"), ((IReferenceMeasure)measure).Measure(image, reference), 1e-3);
    }
}
