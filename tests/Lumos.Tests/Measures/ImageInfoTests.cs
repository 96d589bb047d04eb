using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Measures;

public sealed class ImageInfoTests
{
    [Theory]
    [InlineData(1, MatType.CV_16U, 16, "grey")]
    [InlineData(3, MatType.CV_8U, 8, "colour")]
    [InlineData(4, MatType.CV_8U, 8, "colour+alpha")]
    [InlineData(2, MatType.CV_16U, 16, "grey+alpha")]
    public void Describes_size_depth_and_layout(int channels, int depth, int bits, string layout)
    {
        using var image = new Mat(12, 20, MatType.MakeType(depth, channels), Scalar.All(depth == MatType.CV_16U ? 9000 : 35));
        var info = ImageInfo.Of(image);
        Assert.Equal((20, 12, bits, layout), (info.Width, info.Height, info.Bits, info.Layout));
    }

    [Fact]
    public void Reports_every_no_reference_measure_in_registry_order_and_a_histogram_of_every_pixel()
    {
        using var image = TestData.DarkColour(48, 40);
        var info = ImageInfo.Of(image);
        Assert.Equal(QualityMeasures.NoReference.Select(m => m.Name), info.Measures.Select(m => m.Info.Name));
        Assert.NotNull(info.Measures.Single(m => m.Info.Name == "brightness").Value);
        Assert.Equal(48 * 40, info.Histogram.Total);
    }

    [Fact]
    public void A_grey_alpha_image_is_measured_on_its_grey_plane()
    {
        using var colour = TestData.DarkColour(48, 40);
        using var grey = new Mat();
        Cv2.CvtColor(colour, grey, ColorConversionCodes.BGR2GRAY);
        using var greyAlpha = new Mat();
        using (var alpha = new Mat(40, 48, MatType.CV_8UC1, Scalar.All(17))) Cv2.Merge([grey, alpha], greyAlpha);
        var expected = ImageInfo.Of(grey);
        var info = ImageInfo.Of(greyAlpha);
        Assert.Equal(expected.Measures.Select(m => m.Value), info.Measures.Select(m => m.Value));
        Assert.Equal(expected.Histogram.Total, info.Histogram.Total);
    }

    [Fact]
    public void A_measure_undefined_for_the_image_gives_its_reason_instead_of_a_value()
    {
        using var tiny = TestData.DarkColour(20, 20);
        var niqe = ImageInfo.Of(tiny).Measures.Single(m => m.Info.Name == "niqe");
        Assert.Null(niqe.Value);
        Assert.False(string.IsNullOrEmpty(niqe.Error));
    }
}
