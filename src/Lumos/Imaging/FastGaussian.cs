using System.Runtime.Intrinsics;
using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// Gaussian blur that stays fast for the very large sigmas of illumination estimates (Retinex surrounds of
/// 80–250 px). Large sigmas blur a box-averaged, downscaled copy with a proportionally smaller sigma and
/// upsample it bilinearly; small sigmas (and small images) take the exact separable OpenCV path. Both paths
/// mirror the image at its edges (<see cref="BorderTypes.Reflect"/>, edge pixel repeated), the one border
/// that maps onto itself under downscaling, so the two paths agree near edges too.
/// </summary>
/// <remarks>
/// At σ = 15, 80 and 250 the fast path stays within 0.3 % (max) and 0.05 % (mean) of the value range of the
/// exact blur on a photo (FastGaussianTests; observed about 0.12 % and 0.015 %). <see cref="Prepare"/> gives
/// the blurred image row by row, so callers that combine several blurs pixel by pixel never hold full-size
/// copies of them.
/// </remarks>
public static class FastGaussian
{
    /// <summary>The smallest sigma, in downscaled pixels, the fast path blurs with; below twice this it is exact.</summary>
    private const double MinSmallSigma = 4.0;

    /// <summary>The downscaled image keeps at least this many pixels along its shorter side.</summary>
    private const int MinSmallSide = 8;

    /// <summary>The border both paths use.</summary>
    public const BorderTypes Border = BorderTypes.Reflect;

    /// <summary>Blurs a CV_32F image (any channel count) with an isotropic Gaussian of <paramref name="sigma"/> pixels.</summary>
    /// <param name="src">The image; not modified.</param>
    /// <param name="sigma">Standard deviation in pixels, positive.</param>
    /// <param name="exact">Force the exact (slow for large sigmas) separable convolution.</param>
    /// <returns>A new image of the same size and type.</returns>
    public static unsafe Mat Blur(Mat src, double sigma, bool exact = false)
    {
        using var blurred = Prepare(src, sigma, exact);
        var result = new Mat(src.Size(), src.Type());
        int length = src.Cols * src.Channels();
        Parallel.For(0, src.Rows, y => blurred.Row(y, new Span<float>((void*)result.Ptr(y), length)));
        return result;
    }

    /// <summary>Blurs a CV_32F image (any channel count) and hands the result out row by row.</summary>
    /// <inheritdoc cref="Blur" path="/param"/>
    public static BlurredRows Prepare(Mat src, double sigma, bool exact = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        if (src.Depth() != MatType.CV_32F) throw new ArgumentException("FastGaussian needs a CV_32F image", nameof(src));
        int factor = exact ? 1 : (int)Math.Min(sigma / MinSmallSigma, Math.Min(src.Rows, src.Cols) / MinSmallSide);
        var blurred = new Mat();
        if (factor < 2)
        {
            Cv2.GaussianBlur(src, blurred, new Size(0, 0), sigma, sigma, Border);
            return new BlurredRows(blurred, src.Size());
        }
        int width = (int)Math.Round(src.Cols / (double)factor), height = (int)Math.Round(src.Rows / (double)factor);
        Cv2.Resize(src, blurred, new Size(width, height), 0, 0, InterpolationFlags.Area);
        // Variances add: the box average (f²/12) and the bilinear tent (f²/6) already blur, so the small
        // image gets only the rest of σ², in its own pixels; σ ≥ 4f keeps the rest positive.
        Cv2.GaussianBlur(blurred, blurred, new Size(0, 0),
            SmallSigma(sigma, src.Cols / (double)width), SmallSigma(sigma, src.Rows / (double)height), Border);
        return new BlurredRows(blurred, src.Size());
    }

    private static double SmallSigma(double sigma, double factor) => Math.Sqrt(sigma * sigma - factor * factor / 4) / factor;
}

/// <summary>
/// A blurred image at full size, read one row at a time: either the exact blur itself, or a small blurred
/// image already upsampled along x (OpenCV's INTER_LINEAR: pixel centres aligned, edges clamped) whose
/// rows each read interpolates along y the same way. Rows may be read concurrently.
/// </summary>
public sealed class BlurredRows : IDisposable
{
    private readonly Mat rows;
    private readonly int length;

    internal BlurredRows(Mat blurred, Size fullSize)
    {
        Height = fullSize.Height;
        length = fullSize.Width * blurred.Channels();
        if (blurred.Size() == fullSize)
        {
            rows = blurred;
            return;
        }
        using (blurred)
        {
            rows = new Mat();
            Cv2.Resize(blurred, rows, new Size(fullSize.Width, blurred.Rows), 0, 0, InterpolationFlags.Linear);
        }
    }

    /// <summary>Number of rows.</summary>
    public int Height { get; }

    /// <summary>Writes row <paramref name="y"/> (width × channels floats) into <paramref name="destination"/>.</summary>
    public unsafe void Row(int y, Span<float> destination)
    {
        if (rows.Rows == Height)
        {
            new ReadOnlySpan<float>((void*)rows.Ptr(y), length).CopyTo(destination);
            return;
        }
        // Same mapping as INTER_LINEAR: centre of row y sits at (y + ½)·h/H − ½ in the small image.
        double position = Math.Clamp((y + 0.5) * rows.Rows / Height - 0.5, 0, rows.Rows - 1);
        int top = (int)position;
        float weight = (float)(position - top);
        var upper = new ReadOnlySpan<float>((void*)rows.Ptr(top), length);
        var lower = new ReadOnlySpan<float>((void*)rows.Ptr(Math.Min(top + 1, rows.Rows - 1)), length);
        var w = Vector256.Create(weight);
        int i = 0;
        for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var a = Vector256.Create(upper[i..]);
            (a + w * (Vector256.Create(lower[i..]) - a)).CopyTo(destination[i..]);
        }
        for (; i < length; i++) destination[i] = upper[i] + weight * (lower[i] - upper[i]);
    }

    /// <inheritdoc />
    public void Dispose() => rows.Dispose();
}
