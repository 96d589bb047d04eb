using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>Which channel a tone curve acts on.</summary>
public enum ToneChannel
{
    /// <summary>Y of BT.601 YCbCr: chroma is kept, so hue and saturation barely move.</summary>
    Y,
    /// <summary>V of HSV (max of R, G, B): colours are scaled by V'/V, so hue and saturation are kept exactly.</summary>
    V,
    /// <summary>Each of R, G, B independently: stronger, but shifts hue.</summary>
    PerChannel,
}

/// <summary>
/// Applies a single-plane tone operation to a colour image through a chosen channel, writing into a destination that
/// is reallocated only when its size or type differ (a video's frames reuse one).
/// </summary>
public static class Luminance
{
    /// <summary>
    /// Applies <paramref name="toneMap"/> to the chosen channel of a BGR image (any depth) and rebuilds colour into
    /// <paramref name="destination"/>. The plane handed to <paramref name="toneMap"/> has the image's depth; it must
    /// return a plane of the same size and depth.
    /// </summary>
    public static void Apply(Mat bgr, ToneChannel channel, Func<Mat, Mat> toneMap, Mat destination)
    {
        switch (channel)
        {
            case ToneChannel.Y when bgr.Channels() == 1: // a grey plane is its own luma (ILumaMethod)
                using (var mapped = toneMap(bgr)) mapped.CopyTo(destination);
                break;
            case ToneChannel.Y:
                ApplyOnY(bgr, toneMap, destination);
                break;
            case ToneChannel.V:
                ApplyOnV(bgr, toneMap, destination);
                break;
            default:
                ApplyPerChannel(bgr, toneMap, destination);
                break;
        }
    }

    /// <summary>
    /// Maps the chosen channel through the table <paramref name="lutFor"/> builds from that channel's level counts
    /// (256 or 65536 entries, values within the depth). On Y of 8/16-bit BGR this runs fused (<see cref="YCurve"/>):
    /// a counting pass and a mapping pass over the rows, no planes; otherwise through <see cref="Apply"/>.
    /// </summary>
    public static void ApplyLut(Mat bgr, ToneChannel channel, Func<long[], ushort[]> lutFor, Mat destination)
    {
        if (channel == ToneChannel.Y && YCurve.Supports(bgr)) YCurve.Apply(bgr, lutFor(YCurve.Histogram(bgr)), destination);
        else Apply(bgr, channel, plane => ToneCurve.ApplyLut(plane, lutFor(LevelCounts.Of(plane))), destination);
    }

    /// <summary>
    /// Maps the chosen channel through the table <paramref name="lutFor"/> builds for a number of levels (256 or
    /// 65536); fused in one pass on Y of 8/16-bit BGR, otherwise through <see cref="Apply"/>.
    /// </summary>
    public static void ApplyLut(Mat bgr, ToneChannel channel, Func<int, ushort[]> lutFor, Mat destination)
    {
        if (channel == ToneChannel.Y && YCurve.Supports(bgr)) YCurve.Apply(bgr, lutFor(YCurve.Levels(bgr)), destination);
        else Apply(bgr, channel, plane => ToneCurve.ApplyLut(plane, lutFor(plane.Depth() == MatType.CV_8U ? 256 : 65536)), destination);
    }

    private static void ApplyOnY(Mat bgr, Func<Mat, Mat> toneMap, Mat destination)
    {
        if (YCurve.Supports(bgr))
        {
            // Only Y is materialised: Cr and Cb are recomputed from the source row when colour is rebuilt.
            using var luma = YCurve.Luma(bgr);
            using var mapped = toneMap(luma);
            YCurve.Rebuild(bgr, mapped, destination);
            return;
        }
        using var ycrcb = new Mat();
        Cv2.CvtColor(bgr, ycrcb, ColorConversionCodes.BGR2YCrCb);
        var planes = ycrcb.Split();
        try
        {
            using var mapped = toneMap(planes[0]);
            using var merged = new Mat();
            Cv2.Merge([mapped, planes[1], planes[2]], merged);
            Cv2.CvtColor(merged, destination, ColorConversionCodes.YCrCb2BGR);
        }
        finally { foreach (var p in planes) p.Dispose(); }
    }

    private static void ApplyOnV(Mat bgr, Func<Mat, Mat> toneMap, Mat destination)
    {
        var planes = bgr.Split();
        try
        {
            using var value = new Mat();
            Cv2.Max(planes[0], planes[1], value);
            Cv2.Max(value, planes[2], value);
            using var mapped = toneMap(value);
            // Scale every channel by V'/V: hue and saturation of HSV are ratios of channels, so they stay.
            using var ratio = new Mat();
            using var valueF = new Mat();
            using var mappedF = new Mat();
            // A thousandth of a level added to V keeps black pixels (V = 0) from dividing by zero.
            value.ConvertTo(valueF, MatType.CV_32F, 1, 1e-3);
            mapped.ConvertTo(mappedF, MatType.CV_32F);
            Cv2.Divide(mappedF, valueF, ratio);
            using var colourF = new Mat();
            bgr.ConvertTo(colourF, MatType.CV_32FC3);
            using var ratio3 = new Mat();
            Cv2.Merge([ratio, ratio, ratio], ratio3);
            Cv2.Multiply(colourF, ratio3, colourF);
            colourF.ConvertTo(destination, bgr.Type());
        }
        finally { foreach (var p in planes) p.Dispose(); }
    }

    private static void ApplyPerChannel(Mat bgr, Func<Mat, Mat> toneMap, Mat destination)
    {
        var planes = bgr.Split();
        var mapped = new Mat[planes.Length];
        try
        {
            for (int i = 0; i < planes.Length; i++) mapped[i] = toneMap(planes[i]);
            Cv2.Merge(mapped, destination);
        }
        finally
        {
            foreach (var p in planes) p.Dispose();
            foreach (var m in mapped) m?.Dispose();
        }
    }
}
