using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Tests.Imaging;

public sealed class LevelCountsTests
{
    [Fact]
    public void Histogram_of_8bit_plane_matches_calcHist()
    {
        using var dark = TestData.DarkColour(173, 91);
        using var luma = ColourSpace.Luma(dark);
        var ours = LevelCounts.Of8Bit(luma);
        using var reference = new Mat();
        Cv2.CalcHist([luma], [0], null, reference, 1, [256], [new Rangef(0, 256)]);
        for (int i = 0; i < 256; i++) Assert.Equal((long)reference.At<float>(i), ours[i]);
    }

    [Fact]
    public void Histogram_of_16bit_plane_counts_every_level()
    {
        var levels = new ushort[] { 0, 65535, 65535, 300, 300, 300 };
        using var plane = Mat.FromPixelData(2, 3, MatType.CV_16UC1, levels);
        var counts = LevelCounts.Of16Bit(plane);
        Assert.Equal((1L, 3L, 2L, 6L), (counts[0], counts[300], counts[65535], counts.Sum()));
    }
}
