using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.SuperResolution;

/// <summary>
/// Colour handling for nets that see luma only (SRCNN, FSRCNN, ESPCN, VDSR as published): convert with
/// MATLAB's <c>rgb2ycbcr</c> (BT.601 studio range), run the net on Y, MATLAB bicubic on Cb and Cr, convert back.
/// </summary>
public static class YCbCr
{
    // MATLAB rgb2ycbcr on [0, 1] doubles: [Y Cb Cr] = offset + M·[R G B], M in units of 1/255.
    private static readonly double[,] Forward =
    {
        { 65.481, 128.553, 24.966 },
        { -37.797, -74.203, 112.0 },
        { 112.0, -93.786, -18.214 },
    };

    private static readonly double[] Offset = [16, 128, 128];

    /// <summary>Upscales a BGR image by running <paramref name="lumaNet"/> on its Y plane and MATLAB bicubic on its chroma.</summary>
    /// <param name="bgr">CV_8UC3 or CV_16UC3; never modified.</param>
    /// <param name="scale">Scale factor.</param>
    /// <param name="lumaNet">Takes Y as CV_32FC1 on MATLAB's double scale (16/255 to 235/255) and returns it
    /// <paramref name="scale"/> times larger, same scale (values are clipped when converting back).</param>
    /// <returns>A new image of the input's type.</returns>
    /// <exception cref="LumosException">The image is not 8/16-bit BGR.</exception>
    public static Mat Upscale(Mat bgr, int scale, Func<Mat, Mat> lumaNet)
    {
        if (bgr.Type() != MatType.CV_8UC3 && bgr.Type() != MatType.CV_16UC3)
            throw new LumosException($"luma upscaling needs 8/16-bit BGR, got {bgr.Type()}");
        using var ycc = ToYCbCr(bgr);
        var planes = ycc.Split();
        try
        {
            var size = new Size(bgr.Width * scale, bgr.Height * scale);
            using var y = lumaNet(planes[0]);
            if (y.Size() != size || y.Type() != MatType.CV_32FC1)
                throw new InvalidOperationException($"luma net returned {y.Type()} {y.Size()}, expected CV_32FC1 {size}");
            using var cb = MatlabResize.Bicubic(planes[1], size);
            using var cr = MatlabResize.Bicubic(planes[2], size);
            using var merged = new Mat();
            Cv2.Merge([y, cb, cr], merged);
            return ToBgr(merged, bgr);
        }
        finally { foreach (var p in planes) p.Dispose(); }
    }

    /// <summary>MATLAB <c>rgb2ycbcr</c> of an 8/16-bit BGR image as CV_32FC3 Y, Cb, Cr on [0, 1] (Y in [16/255, 235/255]).</summary>
    public static Mat ToYCbCr(Mat bgr)
    {
        double max = Pixels.MaxValue(bgr);
        // Columns are B, G, R (input order) plus the constant; rows Y, Cb, Cr.
        var m = new double[3, 4];
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 3; c++) m[r, 2 - c] = Forward[r, c] / 255 / max;
            m[r, 3] = Offset[r] / 255;
        }
        using var matrix = Mat.FromPixelData(3, 4, MatType.CV_64FC1, m);
        using var wide = new Mat();
        bgr.ConvertTo(wide, MatType.CV_32FC3);
        var ycc = new Mat();
        Cv2.Transform(wide, ycc, matrix);
        return ycc;
    }

    /// <summary>MATLAB <c>ycbcr2rgb</c>: CV_32FC3 Y, Cb, Cr on [0, 1] back to BGR at the depth of <paramref name="like"/>, rounded and saturated.</summary>
    public static Mat ToBgr(Mat ycc, Mat like)
    {
        double max = Pixels.MaxValue(like);
        var inverse = Invert(Forward);
        // rgb = inverse·(ycc·255 − offset); rows B, G, R.
        var m = new double[3, 4];
        for (int r = 0; r < 3; r++)
        {
            double constant = 0;
            for (int c = 0; c < 3; c++)
            {
                m[2 - r, c] = inverse[r, c] * 255 * max;
                constant -= inverse[r, c] * Offset[c] * max;
            }
            m[2 - r, 3] = constant;
        }
        using var matrix = Mat.FromPixelData(3, 4, MatType.CV_64FC1, m);
        using var bgr = new Mat();
        Cv2.Transform(ycc, bgr, matrix);
        var result = new Mat();
        bgr.ConvertTo(result, like.Type());
        return result;
    }

    private static double[,] Invert(double[,] a)
    {
        double det = a[0, 0] * (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1])
                   - a[0, 1] * (a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0])
                   + a[0, 2] * (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]);
        var inv = new double[3, 3];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
            {
                int r1 = (c + 1) % 3, r2 = (c + 2) % 3, c1 = (r + 1) % 3, c2 = (r + 2) % 3;
                inv[r, c] = (a[r1, c1] * a[r2, c2] - a[r1, c2] * a[r2, c1]) / det;
            }
        return inv;
    }
}
