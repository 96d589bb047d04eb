using System.Numerics;
using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// MATLAB's <c>imresize(image, scale)</c> with its default bicubic kernel and antialiasing, which NIQE and the
/// super-resolution literature (BasicSR's bicubic degradation) are defined with. Unlike <see cref="Cv2.Resize(InputArray, OutputArray, Size, double, double, InterpolationFlags)"/>
/// it widens the kernel by 1/scale when shrinking (antialiasing), mirrors the border symmetrically and uses
/// a = −0.5 (OpenCV uses −0.75).
/// </summary>
public static class MatlabResize
{
    private const double KernelWidth = 4;

    /// <summary>
    /// Resizes by <paramref name="scale"/>: the result has ⌈scale·rows⌉ × ⌈scale·cols⌉ pixels (MATLAB's
    /// <c>imresize(image, scale)</c>).
    /// </summary>
    /// <param name="image">A CV_8U, CV_16U, CV_32F or CV_64F image with any number of channels; never modified.</param>
    /// <param name="scale">Positive scale factor, below 1 to shrink.</param>
    /// <returns>A new image of the input's type: float images are computed in double precision without clipping,
    /// integer ones are rounded and saturated after each dimension, like MATLAB on uint8/uint16.</returns>
    /// <exception cref="LumosException">The image type is not handled, or the scale is not positive and finite.</exception>
    public static Mat Bicubic(Mat image, double scale)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
            throw new LumosException($"resize scale must be positive and finite, got {scale}");
        var size = new Size((int)Math.Ceiling(scale * image.Cols), (int)Math.Ceiling(scale * image.Rows));
        return Resize(image, size, scale, scale);
    }

    /// <summary>
    /// Resizes to exactly <paramref name="size"/> (MATLAB's <c>imresize(image, [rows cols])</c>): each dimension
    /// is scaled by its output length over its input length, shrinking with antialiasing where that is below 1.
    /// </summary>
    /// <param name="image">A CV_8U, CV_16U, CV_32F or CV_64F image with any number of channels; never modified.</param>
    /// <param name="size">Output size, at least 1×1.</param>
    /// <returns>A new image of the input's type, rounded and saturated as <see cref="Bicubic(Mat, double)"/>.</returns>
    /// <exception cref="LumosException">The image type is not handled, or the size is empty.</exception>
    public static Mat Bicubic(Mat image, Size size)
    {
        if (size.Width < 1 || size.Height < 1)
            throw new LumosException($"resize needs an output of at least 1×1, got {size.Width}×{size.Height}");
        return Resize(image, size, (double)size.Height / image.Rows, (double)size.Width / image.Cols);
    }

    private static Mat Resize(Mat image, Size size, double rowScale, double colScale)
    {
        int depth = image.Depth();
        if (depth is not (MatType.CV_8U or MatType.CV_16U or MatType.CV_32F or MatType.CV_64F))
            throw new LumosException($"MATLAB-style resize needs an 8/16-bit or 32/64-bit float image, got {image.Type()}");
        if (image.Empty()) throw new LumosException("cannot resize an empty image");
        // Integer images are rounded back to their range after each pass, as imresizemex returns the input's class.
        double? max = depth switch { MatType.CV_8U => 255, MatType.CV_16U => 65535, _ => null };
        using var wide = new Mat();
        image.ConvertTo(wide, MatType.MakeType(MatType.CV_64F, image.Channels()));
        var rows = Contributions.Of(image.Rows, size.Height, rowScale);
        var cols = Contributions.Of(image.Cols, size.Width, colScale);
        // MATLAB resizes the dimension with the smaller scale first (a stable sort: rows on a tie).
        bool rowsFirst = rowScale <= colScale;
        using var first = rowsFirst ? Rows(wide, rows, max) : Columns(wide, cols, max);
        using var both = rowsFirst ? Columns(first, cols, max) : Rows(first, rows, max);
        var result = new Mat();
        both.ConvertTo(result, image.Type());
        return result;
    }

    /// <summary>MATLAB's cubic kernel with a = −0.5 (Keys 1981).</summary>
    private static double Cubic(double x)
    {
        double a = Math.Abs(x), a2 = a * a, a3 = a2 * a;
        if (a <= 1) return 1.5 * a3 - 2.5 * a2 + 1;
        if (a <= 2) return -0.5 * a3 + 2.5 * a2 - 4 * a + 2;
        return 0;
    }

    /// <summary>For each output index, the input indices and normalised weights that make it (imresize.m's contributions).</summary>
    private sealed record Contributions(int Taps, int[] Index, double[] Weight)
    {
        public static Contributions Of(int inLength, int outLength, double scale)
        {
            bool shrink = scale < 1;
            double width = shrink ? KernelWidth / scale : KernelWidth;
            int taps = (int)Math.Ceiling(width) + 2;
            var index = new int[outLength * taps];
            var weight = new double[outLength * taps];
            for (int x = 0; x < outLength; x++)
            {
                // 1-based MATLAB coordinates: output x+1 sits at input u.
                double u = (x + 1) / scale + 0.5 * (1 - 1 / scale);
                double left = Math.Floor(u - width / 2);
                double sum = 0;
                for (int k = 0; k < taps; k++)
                {
                    double d = u - (left + k);
                    double w = shrink ? scale * Cubic(scale * d) : Cubic(d);
                    weight[x * taps + k] = w;
                    index[x * taps + k] = Mirror((long)left + k - 1, inLength);
                    sum += w;
                }
                for (int k = 0; k < taps; k++) weight[x * taps + k] /= sum;
            }
            return new Contributions(taps, index, weight);
        }

        /// <summary>Symmetric padding: 0-based index into [0, n) through the sequence 0..n−1, n−1..0, repeated.</summary>
        private static int Mirror(long i, int n)
        {
            long period = 2L * n;
            long m = ((i % period) + period) % period;
            return (int)(m < n ? m : period - 1 - m);
        }
    }

    /// <summary>
    /// Weighted sums of whole rows of a CV_64F image, rounded half up and saturated to [0, <paramref name="max"/>]
    /// when given; columns reuse it on the transpose so both passes run over contiguous memory.
    /// </summary>
    private static unsafe Mat Rows(Mat src, Contributions c, double? max)
    {
        int outRows = c.Index.Length / c.Taps, width = src.Cols * src.Channels();
        var dst = new Mat(outRows, src.Cols, src.Type());
        byte* srcData = (byte*)src.DataPointer, dstData = (byte*)dst.DataPointer;
        long srcStep = src.Step(), dstStep = dst.Step();
        Parallel.For(0, outRows, y =>
        {
            var o = new Span<double>(dstData + y * dstStep, width);
            o.Clear();
            for (int k = 0; k < c.Taps; k++)
            {
                double w = c.Weight[y * c.Taps + k];
                if (w == 0) continue;
                var s = new ReadOnlySpan<double>(srcData + c.Index[y * c.Taps + k] * srcStep, width);
                int i = 0;
                if (Vector.IsHardwareAccelerated)
                    for (var wv = new Vector<double>(w); i <= width - Vector<double>.Count; i += Vector<double>.Count)
                        (new Vector<double>(o[i..]) + wv * new Vector<double>(s[i..])).CopyTo(o[i..]);
                for (; i < width; i++) o[i] += w * s[i];
            }
            if (max is double m)
                for (int i = 0; i < width; i++) o[i] = Math.Floor(Math.Clamp(o[i], 0, m) + 0.5);
        });
        return dst;
    }

    private static Mat Columns(Mat src, Contributions c, double? max)
    {
        using var transposed = new Mat();
        Cv2.Transpose(src, transposed);
        using var resized = Rows(transposed, c, max);
        var result = new Mat();
        Cv2.Transpose(resized, result);
        return result;
    }
}
