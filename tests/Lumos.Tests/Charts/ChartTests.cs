using Lumos.Charts;
using Lumos.Imaging;
using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Charts;

public sealed class ChartTests
{
    [Fact]
    public void Histogram_chart_is_an_800_by_400_png()
    {
        using var folder = TestData.TempFolder();
        using var image = TestData.DarkColour();
        HistogramChart.Write(Histogram.OfLuma(image), folder.File("hist.png"), "dark", new OutputGuard([]), overwrite: false);
        using var chart = Cv2.ImRead(folder.File("hist.png"));
        Assert.Equal(new Size(800, 400), chart.Size());
    }

    [Fact]
    public void Histogram_chart_must_be_a_png_file_which_is_a_usage_error()
    {
        using var folder = TestData.TempFolder();
        using var image = TestData.DarkColour();
        var error = Assert.Throws<LumosException>(() => HistogramChart.Write(Histogram.OfLuma(image), folder.File("hist.jpg"), "dark", new OutputGuard([]), overwrite: false));
        Assert.True(error.IsUsageError);
        Assert.False(File.Exists(folder.File("hist.jpg")));
    }

    [Fact]
    public void Loss_curve_chart_is_an_800_by_400_png_and_goes_through_the_guard()
    {
        using var folder = TestData.TempFolder();
        var path = folder.File("loss.png");
        LossCurveChart.Write([1.0, 0.5, 0.25], 1, path, "loss", new OutputGuard([]), overwrite: false);
        using var chart = Cv2.ImRead(path);
        Assert.Equal(new Size(800, 400), chart.Size());
        Assert.Throws<LumosException>(() => LossCurveChart.Write([1.0], 1, path, "loss", new OutputGuard([]), overwrite: false));
    }
}
