using System.Numerics;
using System.Runtime.CompilerServices;
using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>Conversions between stored samples (8/16-bit) and unit-range float images.</summary>
public static class Pixels
{
    /// <summary>The largest sample value of an 8- or 16-bit image.</summary>
    public static double MaxValue(Mat image) => image.Depth() == MatType.CV_16U ? 65535.0 : 255.0;

    /// <summary>Bits per sample of an 8- or 16-bit image: 8 or 16.</summary>
    public static int Bits(Mat image) => image.Depth() == MatType.CV_16U ? 16 : 8;

    /// <summary>Converts an 8/16-bit image to CV_32F with values in [0, 1] (same channel count).</summary>
    public static Mat ToUnitFloat(Mat image)
    {
        var result = new Mat();
        image.ConvertTo(result, MatType.CV_32F, 1.0 / MaxValue(image));
        return result;
    }

    /// <summary>Converts a unit-range float image back to the depth of <paramref name="like"/>, rounding and saturating.</summary>
    public static Mat FromUnitFloat(Mat unit, Mat like)
    {
        var result = new Mat();
        unit.ConvertTo(result, like.Depth(), MaxValue(like));
        return result;
    }

    /// <summary>
    /// Rows <paramref name="first"/>.. of an 8/16-bit image as unit-range floats in <paramref name="unit"/>
    /// (as many rows as it holds), converted exactly as <see cref="ToUnitFloat"/> converts.
    /// </summary>
    public static unsafe void ReadUnitBand(Mat image, int first, Span<float> unit)
    {
        int length = image.Cols * image.Channels(), rows = unit.Length / length;
        fixed (float* start = unit)
        {
            using var floats = Mat.FromPixelData(rows, image.Cols, MatType.CV_32FC(image.Channels()), (nint)start);
            using var source = image.RowRange(first, first + rows);
            source.ConvertTo(floats, floats.Type(), 1.0 / MaxValue(image));
        }
    }

    /// <summary>max(B, G, R) per pixel of an 8/16-bit colour image, at its depth (LIME's t̂, Dong's dark channel).</summary>
    public static Mat ChannelMax(Mat bgr) =>
        bgr.Depth() == MatType.CV_16U ? ChannelMax<ushort>(bgr, MatType.CV_16UC1) : ChannelMax<byte>(bgr, MatType.CV_8UC1);

    private static unsafe Mat ChannelMax<T>(Mat bgr, MatType type) where T : unmanaged, INumber<T>
    {
        var result = LargeBuffers.New(bgr.Size(), type);
        int cols = bgr.Cols;
        Parallel.For(0, bgr.Rows, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (y) =>
        {
            var src = new ReadOnlySpan<T>((void*)bgr.Ptr(y), 3 * cols);
            var dst = new Span<T>((void*)result.Ptr(y), cols);
            for (int x = 0; x < cols; x++) dst[x] = T.Max(src[3 * x], T.Max(src[3 * x + 1], src[3 * x + 2]));
        });
        return result;
    }

    /// <summary>Computes unit-range rows of one band: <paramref name="unit"/> holds rows × width × channels floats from row <paramref name="first"/>.</summary>
    public delegate void UnitBand(int first, int rows, Span<float> unit);

    /// <summary>
    /// Fills <paramref name="destination"/> (continuous, allocated) band by band in parallel from unit-range
    /// floats: a CV_32F destination receives them as they are, an 8/16-bit one through a cache-sized scratch
    /// converted as <see cref="FromUnitFloat"/> converts (rounded, saturated), so no full-size float image is stored.
    /// </summary>
    public static unsafe void WriteUnitBands(Mat destination, UnitBand compute)
    {
        bool unit = destination.Depth() == MatType.CV_32F;
        int length = destination.Cols * destination.Channels(), height = destination.Rows;
        int band = Math.Max(1, BandFloats / length);
        Parallel.For(0, (height + band - 1) / band, () => unit ? [] : new float[band * length], (b, _, scratch) =>
        {
            int first = b * band, rows = Math.Min(band, height - first);
            if (unit)
            {
                compute(first, rows, new Span<float>((void*)destination.Ptr(first), rows * length));
                return scratch;
            }
            compute(first, rows, scratch.AsSpan(0, rows * length));
            fixed (float* start = scratch)
            {
                using var floats = Mat.FromPixelData(rows, destination.Cols, MatType.CV_32FC(destination.Channels()), (nint)start);
                using var target = destination.RowRange(first, first + rows);
                floats.ConvertTo(target, target.Type(), MaxValue(destination));
            }
            return scratch;
        }, _ => { });
    }

    // A band of float rows that stays in L2 (256 KB) between its computation and its conversion.
    private const int BandFloats = 1 << 16;
}
