using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Measures;

public sealed class HistogramTests
{
    [Fact]
    public void Histogram_counts_each_luma_level_of_a_grey_image()
    {
        using var image = MeasureImages.Grey(0, 7, 7, 255);
        var histogram = Histogram.OfLuma(image);
        Assert.Equal(256, histogram.Counts.Count);
        Assert.Equal(4, histogram.Total);
        Assert.Equal(1, histogram.Counts[0]);
        Assert.Equal(2, histogram.Counts[7]);
        Assert.Equal(1, histogram.Counts[255]);
    }

    [Fact]
    public void Histogram_of_the_reference_image_matches_numpy()
    {
        using var image = MeasureImages.ReferenceInput();
        var expected = TestData.Reference("measures.json").GetProperty("histogram").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(expected, Histogram.OfLuma(image).Counts);
    }

    [Fact]
    public void Histogram_of_16bit_content_equals_the_8bit_one()
    {
        using var image = MeasureImages.ReferenceInput();
        using var wide = MeasureImages.To16Bit(image);
        var narrow = Histogram.OfLuma(image).Counts;
        var wideCounts = Histogram.OfLuma(wide).Counts;
        // Luma is rounded separately at each depth, so a pixel may rarely land one bin over.
        long moved = narrow.Zip(wideCounts, (a, b) => Math.Abs(a - b)).Sum();
        Assert.True(moved <= image.Total() / 50, $"{moved} of {image.Total()} pixels changed bin");
    }

    [Fact]
    public void Sparkline_pools_bins_into_columns_scaled_to_the_tallest()
    {
        // 4 columns of 64 bins: 8 pixels in the first, none in the second, 4 in the third, 1 in the fourth.
        using var image = new Mat(1, 13, MatType.CV_8UC1, new Scalar(10));
        for (int x = 8; x < 12; x++) image.Set(0, x, (byte)130);
        image.Set(0, 12, (byte)255);
        Assert.Equal("█▁▅▂", Histogram.OfLuma(image).Sparkline(4));
    }

    [Fact]
    public void Sparkline_has_the_requested_width()
    {
        using var image = TestData.DarkColour();
        var histogram = Histogram.OfLuma(image);
        Assert.Equal(256, histogram.Sparkline(256).Length);
        Assert.Equal(7, histogram.Sparkline(7).Length);
        Assert.Contains('█', histogram.Sparkline(7));
        Assert.Throws<ArgumentOutOfRangeException>(() => histogram.Sparkline(0));
    }
}
