using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// Every colour conversion Lumos computes itself, in one place: BT.601 luma as OpenCV computes it (grey
/// conversions, tone curves), MATLAB's <c>rgb2ycbcr</c>/<c>ycbcr2rgb</c> (studio range, for super-resolution
/// nets and the Y measures of SR papers) and MATLAB's <c>rgb2gray</c> (NIQE). Images are OpenCV's B, G, R order.
/// </summary>
public static class ColourSpace
{
    // MATLAB rgb2ycbcr on [0, 1] doubles: [Y Cb Cr] = offset + M·[R G B], M in units of 1/255.
    private static readonly double[,] MatlabForward =
    {
        { 65.481, 128.553, 24.966 },
        { -37.797, -74.203, 112.0 },
        { 112.0, -93.786, -18.214 },
    };

    private static readonly double[] MatlabOffset = [16, 128, 128];

    // MATLAB rgb2gray weights (the first row of the inverse NTSC YIQ matrix), not BT.601's rounded 0.299/0.587/0.114.
    private const double MatlabGreyR = 0.298936021293775, MatlabGreyG = 0.587043074451121, MatlabGreyB = 0.114020904255103;

    /// <summary>The BT.601 luma plane (0.299 R + 0.587 G + 0.114 B, OpenCV's grey) at the image's depth; a copy when the image is grey.</summary>
    /// <param name="image">Grey, BGR or BGRA, any depth OpenCV converts.</param>
    public static Mat Luma(Mat image)
    {
        if (image.Channels() == 1) return image.Clone();
        var luma = LargeBuffers.New(image.Size(), MatType.MakeType(image.Depth(), 1));
        Cv2.CvtColor(image, luma, image.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        return luma;
    }

    /// <summary>
    /// The mean of <see cref="Luma"/>, in levels, without storing the plane: bands of rows go to grey in a small
    /// scratch and are summed. The band sums are whole numbers, exact in a double, so the mean is the very
    /// value <c>Cv2.Mean</c> of the plane gives (sum × 1/n).
    /// </summary>
    /// <param name="image">Grey, BGR or BGRA, 8 or 16 bits.</param>
    public static double MeanLuma(Mat image)
    {
        if (image.Channels() == 1) return Cv2.Mean(image).Val0;
        int rows = image.Rows, band = Math.Max(1, (1 << 16) / Math.Max(1, image.Cols));
        var sums = new double[(rows + band - 1) / band];
        var code = image.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY;
        Parallel.For(0, sums.Length, () => new Mat(), (b, _, grey) =>
        {
            using var source = image.RowRange(b * band, Math.Min(rows, (b + 1) * band));
            Cv2.CvtColor(source, grey, code);
            sums[b] = Cv2.Sum(grey).Val0;
            return grey;
        }, grey => grey.Dispose());
        return sums.Sum() * (1.0 / ((double)rows * image.Cols));
    }

    /// <summary>MATLAB <c>rgb2ycbcr</c> of an 8/16-bit BGR image as CV_32FC3 Y, Cb, Cr on [0, 1] (Y in [16/255, 235/255]).</summary>
    public static Mat MatlabYCbCr(Mat bgr)
    {
        using var matrix = MatlabMatrix(Pixels.MaxValue(bgr), outputMax: 1, rows: 3);
        using var wide = new Mat();
        bgr.ConvertTo(wide, MatType.CV_32FC3);
        var ycc = new Mat();
        Cv2.Transform(wide, ycc, matrix);
        return ycc;
    }

    /// <summary>
    /// The Y of MATLAB <c>rgb2ycbcr</c> on the stored scale, unrounded: 16·max/255 + (65.481 R + 128.553 G + 24.966 B)/255
    /// for samples whose full scale is <paramref name="max"/> (255 or 65535), as SR papers measure PSNR and SSIM.
    /// </summary>
    /// <param name="bgr">CV_64FC3 B, G, R samples on the stored scale.</param>
    /// <param name="max">The full scale of the samples.</param>
    /// <returns>CV_64FC1 Y on the same scale.</returns>
    public static Mat MatlabLuma(Mat bgr, double max)
    {
        using var weights = MatlabMatrix(max, outputMax: max, rows: 1);
        var y = new Mat();
        Cv2.Transform(bgr, y, weights);
        return y;
    }

    /// <summary>MATLAB <c>ycbcr2rgb</c>: CV_32FC3 Y, Cb, Cr on [0, 1] back to BGR at the depth of <paramref name="like"/>, rounded and saturated.</summary>
    public static Mat MatlabYCbCrToBgr(Mat ycc, Mat like)
    {
        double max = Pixels.MaxValue(like);
        var inverse = Invert(MatlabForward);
        // rgb = inverse·(ycc·255 − offset); rows B, G, R.
        var m = new double[3, 4];
        for (int r = 0; r < 3; r++)
        {
            double constant = 0;
            for (int c = 0; c < 3; c++)
            {
                m[2 - r, c] = inverse[r, c] * 255 * max;
                constant -= inverse[r, c] * MatlabOffset[c] * max;
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

    /// <summary>MATLAB's <c>double(rgb2gray(uint8))</c>: grey on [0, 255] rounded to whole levels, as <c>rgb2gray</c> of a uint8 image returns.</summary>
    /// <param name="bgr">CV_32FC3 B, G, R on the 8-bit scale [0, 255].</param>
    /// <returns>CV_64FC1.</returns>
    public static unsafe Mat MatlabGrey(Mat bgr)
    {
        int rows = bgr.Rows, cols = bgr.Cols;
        var grey = new Mat(rows, cols, MatType.CV_64FC1);
        Parallel.For(0, rows, y =>
        {
            var s = (float*)bgr.Ptr(y);
            var d = (double*)grey.Ptr(y);
            for (int x = 0; x < cols; x++)
            {
                double v = MatlabGreyR * s[3 * x + 2] + MatlabGreyG * s[3 * x + 1] + MatlabGreyB * s[3 * x];
                d[x] = Math.Round(v, MidpointRounding.AwayFromZero);
            }
        });
        return grey;
    }

    /// <summary>
    /// The first <paramref name="rows"/> rows (Y, Cb, Cr) of MATLAB's rgb2ycbcr as a <see cref="Cv2.Transform"/> matrix:
    /// columns B, G, R and the constant, for input samples of full scale <paramref name="inputMax"/> and output on
    /// [0, <paramref name="outputMax"/>]. The input scale is divided out as inputMax / outputMax, which is exactly 1
    /// when both are equal, so the stored-scale weights are the plain 65.481/255… with no rounding step added.
    /// </summary>
    private static Mat MatlabMatrix(double inputMax, double outputMax, int rows)
    {
        double inputPerOutput = inputMax / outputMax;
        var m = new double[rows, 4];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < 3; c++) m[r, 2 - c] = MatlabForward[r, c] / 255 / inputPerOutput;
            m[r, 3] = MatlabOffset[r] * outputMax / 255;
        }
        // A copy, so the matrix owns its memory and does not lean on the managed array staying where it is.
        using var view = Mat.FromPixelData(rows, 4, MatType.CV_64FC1, m);
        return view.Clone();
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
