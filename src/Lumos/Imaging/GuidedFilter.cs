using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// The guided filter (He, Sun &amp; Tang, TPAMI 2013, Alg. 1): an edge-preserving smoothing of a source plane
/// that follows the edges of a guide plane, q = mean(a)·I + mean(b) with per-window linear coefficients.
/// Optionally computed on a subsampled grid (He &amp; Sun 2015, "Fast Guided Filter"), then upsampled.
/// </summary>
public static class GuidedFilter
{
    /// <summary>Filters <paramref name="source"/> guided by <paramref name="guide"/>; both CV_32FC1 of one size.</summary>
    /// <param name="guide">Guide plane I, usually unit-range luma.</param>
    /// <param name="source">Plane p to smooth.</param>
    /// <param name="radius">Window radius r at full resolution.</param>
    /// <param name="eps">Regularisation ε; larger smooths more across weak edges.</param>
    /// <param name="subsample">Grid step s of the coefficients (1 = exact filter); the window becomes r/s.</param>
    /// <returns>A new CV_32FC1 plane.</returns>
    public static Mat Apply(Mat guide, Mat source, int radius, double eps, int subsample = 1)
    {
        int s = Math.Max(1, subsample), r = Math.Max(1, radius / s);
        var small = new Size(Math.Max(1, (guide.Cols + s - 1) / s), Math.Max(1, (guide.Rows + s - 1) / s));
        using var i = Resize(guide, small, InterpolationFlags.Area);
        using var p = Resize(source, small, InterpolationFlags.Area);
        using var meanI = Box(i, r);
        using var meanP = Box(p, r);
        using var ii = i.Mul(i).ToMat();
        using var ip = i.Mul(p).ToMat();
        using var corrI = Box(ii, r);
        using var corrIp = Box(ip, r);
        using var varI = (corrI - meanI.Mul(meanI)).ToMat();
        using var covIp = (corrIp - meanI.Mul(meanP)).ToMat();
        using var a = new Mat();
        Cv2.Add(varI, eps, varI);
        Cv2.Divide(covIp, varI, a);
        using var b = (meanP - a.Mul(meanI)).ToMat();
        using var meanA = Box(a, r);
        using var meanB = Box(b, r);
        using var fullA = Resize(meanA, guide.Size(), InterpolationFlags.Linear);
        using var fullB = Resize(meanB, guide.Size(), InterpolationFlags.Linear);
        var q = new Mat();
        Cv2.Multiply(fullA, guide, q);
        Cv2.Add(q, fullB, q);
        return q;
    }

    private static Mat Box(Mat plane, int radius)
    {
        var result = new Mat();
        Cv2.BoxFilter(plane, result, MatType.CV_32F, new Size(2 * radius + 1, 2 * radius + 1));
        return result;
    }

    private static Mat Resize(Mat plane, Size size, InterpolationFlags interpolation)
    {
        if (plane.Size() == size) return plane.Clone();
        var result = new Mat();
        Cv2.Resize(plane, result, size, 0, 0, interpolation);
        return result;
    }
}
