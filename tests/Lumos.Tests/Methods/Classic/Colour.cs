using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

/// <summary>Colour comparisons shared by the classic-method tests.</summary>
internal static class Colour
{
    /// <summary>
    /// Mean absolute circular HSV hue difference in degrees between two BGR images of the same size, over the
    /// pixels where the first has a defined hue (saturation ≥ 0.2 and value ≥ 0.02 of full scale).
    /// </summary>
    public static double MeanHueErrorDegrees(Mat before, Mat after)
    {
        using var hsvBefore = Hsv(before);
        using var hsvAfter = Hsv(after);
        double sum = 0;
        int count = 0;
        int rows = before.Rows, cols = before.Cols;
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < cols; x++)
            {
                var a = hsvBefore.At<Vec3f>(y, x);
                var b = hsvAfter.At<Vec3f>(y, x);
                if (a.Item1 < 0.2f || a.Item2 < 0.02f) continue;
                double d = Math.Abs(a.Item0 - b.Item0) % 360;
                sum += Math.Min(d, 360 - d);
                count++;
            }
        Assert.True(count > 0, "no pixel has a defined hue");
        return sum / count;
    }

    private static Mat Hsv(Mat bgr)
    {
        using var unit = new Mat();
        bgr.ConvertTo(unit, MatType.CV_32FC3, bgr.Depth() == MatType.CV_16U ? 1 / 65535.0 : 1 / 255.0);
        var hsv = new Mat();
        Cv2.CvtColor(unit, hsv, ColorConversionCodes.BGR2HSV);
        return hsv;
    }
}
