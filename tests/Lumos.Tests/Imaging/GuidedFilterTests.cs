using Lumos.Imaging;
using OpenCvSharp;
using CvXImgProc = OpenCvSharp.XImgProc.CvXImgProc;

namespace Lumos.Tests.Imaging;

public sealed class GuidedFilterTests
{
    [Fact]
    public void GuidedFilter_matches_opencv_ximgproc_guidedFilter_away_from_the_border()
    {
        using var guide = Plane(7);
        using var source = Plane(11);
        using var ours = GuidedFilter.Apply(guide, source, 4, 1e-2);
        using var reference = new Mat();
        CvXImgProc.GuidedFilter(guide, source, reference, 4, 1e-2);
        // Border handling of the box means may differ; inside, both are the same closed form.
        var inner = new Rect(9, 9, guide.Cols - 18, guide.Rows - 18);
        using var diff = new Mat();
        Cv2.Absdiff(ours[inner], reference[inner], diff);
        Cv2.MinMaxLoc(diff, out _, out double worst);
        Assert.True(worst < 1e-4, $"largest difference {worst:G3}");
    }

    [Fact]
    public void GuidedFilter_subsampled_stays_close_to_the_exact_filter()
    {
        using var guide = Plane(7);
        using var source = Plane(11);
        using var exact = GuidedFilter.Apply(guide, source, 16, 1e-2);
        using var fast = GuidedFilter.Apply(guide, source, 16, 1e-2, subsample: 4);
        using var diff = new Mat();
        Cv2.Absdiff(exact, fast, diff);
        Assert.True(Cv2.Mean(diff).Val0 < 0.02, $"mean difference {Cv2.Mean(diff).Val0:G3}");
    }

    /// <summary>A smooth unit-range plane with an edge and seeded noise, 96×64.</summary>
    private static Mat Plane(int seed)
    {
        var random = new Random(seed);
        var plane = new Mat(64, 96, MatType.CV_32FC1);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 96; x++)
                plane.Set(y, x, (float)(0.3 * x / 96 + (x > 40 ? 0.4 : 0) + 0.1 * random.NextDouble()));
        return plane;
    }
}
