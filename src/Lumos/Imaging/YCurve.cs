using System.Numerics;
using System.Runtime.CompilerServices;
using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// Tone maps on Y of YCrCb with the colour round trip fused into passes over row bands: Y is computed, mapped
/// and turned back into B, G, R per row, so no Y, Cr or Cb plane and no merged image is ever allocated. The
/// arithmetic is OpenCV's fixed-point BT.601 YCrCb for 8- and 16-bit images (modules/imgproc/src/
/// color_yuv.simd.hpp, <c>RGB2YCrCb_i</c> and <c>YCrCb2RGB_i</c>), so results equal
/// <c>cvtColor(BGR2YCrCb)</c> → map Y → <c>cvtColor(YCrCb2BGR)</c> bit for bit.
/// </summary>
public static class YCurve
{
    // OpenCV's yuv_shift and coefficients: BT.601 weights and inverse matrix scaled by 2^14 and rounded.
    private const int Shift = 14, Half = 1 << (Shift - 1);
    private const int R2Y = 4899, G2Y = 9617, B2Y = 1868;    // 0.299, 0.587, 0.114
    private const int YCrI = 11682, YCbI = 9241;             // 0.713 (Cr), 0.564 (Cb)
    private const int Cr2R = 22987, Cr2G = -11698, Cb2G = -5636, Cb2B = 29049; // 1.403, -0.714, -0.344, 1.773

    /// <summary>True when <paramref name="bgr"/> is 8- or 16-bit, three channels: the layouts the fused passes handle.</summary>
    public static bool Supports(Mat bgr) => bgr.Type() == MatType.CV_8UC3 || bgr.Type() == MatType.CV_16UC3;

    /// <summary>Levels of the image's depth: 256 or 65536.</summary>
    public static int Levels(Mat bgr) => bgr.Depth() == MatType.CV_16U ? 65536 : 256;

    /// <summary>
    /// Maps Y through <paramref name="lut"/> (one entry per level, values within the depth's range) into a new
    /// image: one pass over the rows.
    /// </summary>
    public static Mat Apply(Mat bgr, ushort[] lut)
    {
        var destination = new Mat();
        Apply(bgr, lut, destination);
        return destination;
    }

    /// <summary>As <see cref="Apply(Mat, ushort[])"/>, writing into <paramref name="destination"/> (reallocated only when its size or type differ).</summary>
    public static void Apply(Mat bgr, ushort[] lut, Mat destination)
    {
        RequireSupported(bgr);
        if (lut.Length != Levels(bgr)) throw new ArgumentException($"expected {Levels(bgr)} entries, got {lut.Length}", nameof(lut));
        destination.Create(bgr.Size(), bgr.Type());
        if (bgr.Depth() == MatType.CV_8U) MapRows<byte>(bgr, lut, destination);
        else MapRows<ushort>(bgr, lut, destination);
    }

    /// <summary>
    /// Maps Y through the table <paramref name="lutFor"/> builds from Y's level histogram (256 or 65536 counts):
    /// two passes over the rows, one to count, one to map and rebuild colour.
    /// </summary>
    public static Mat Apply(Mat bgr, Func<long[], ushort[]> lutFor)
    {
        var destination = new Mat();
        Apply(bgr, lutFor(Histogram(bgr)), destination);
        return destination;
    }

    /// <summary>Counts of each level of Y (256 for 8-bit, 65536 for 16-bit), without storing Y.</summary>
    public static long[] Histogram(Mat bgr)
    {
        RequireSupported(bgr);
        return bgr.Depth() == MatType.CV_8U ? CountRows<byte>(bgr) : CountRows<ushort>(bgr);
    }

    /// <summary>
    /// Y as a single-channel plane of the image's depth, equal to OpenCV's BGR→YCrCb Y. Not its BGR→grey, which
    /// weighs with 15-bit coefficients (color_rgb.simd.hpp) and differs by one level on some colours.
    /// </summary>
    public static Mat Luma(Mat bgr)
    {
        RequireSupported(bgr);
        var luma = new Mat(bgr.Size(), bgr.Depth() == MatType.CV_8U ? MatType.CV_8UC1 : MatType.CV_16UC1);
        if (bgr.Depth() == MatType.CV_8U) LumaRows<byte>(bgr, luma);
        else LumaRows<ushort>(bgr, luma);
        return luma;
    }

    /// <summary>
    /// Rebuilds colour with <paramref name="mappedY"/> (single channel, same size and depth) in place of Y, keeping
    /// Cr and Cb of <paramref name="bgr"/>; one pass over the rows. For maps that need the whole Y plane (CLAHE).
    /// </summary>
    public static void Rebuild(Mat bgr, Mat mappedY, Mat destination)
    {
        RequireSupported(bgr);
        if (mappedY.Size() != bgr.Size() || mappedY.Depth() != bgr.Depth() || mappedY.Channels() != 1)
            throw new ArgumentException($"expected a single-channel {bgr.Size()} plane of the image's depth, got {mappedY.Size()} {mappedY.Type()}", nameof(mappedY));
        destination.Create(bgr.Size(), bgr.Type());
        if (bgr.Depth() == MatType.CV_8U) RebuildRows<byte>(bgr, mappedY, destination);
        else RebuildRows<ushort>(bgr, mappedY, destination);
    }

    private static void RequireSupported(Mat bgr)
    {
        if (!Supports(bgr)) throw new ArgumentException($"expected CV_8UC3 or CV_16UC3, got {bgr.Type()}", nameof(bgr));
    }

    private static unsafe void MapRows<T>(Mat bgr, ushort[] lut, Mat destination) where T : unmanaged, IBinaryInteger<T>
    {
        int cols = bgr.Cols;
        ForBands(bgr.Rows, cols, (first, end) =>
        {
            var y = new int[cols];
            for (int row = first; row < end; row++)
            {
                var src = new ReadOnlySpan<T>((void*)bgr.Ptr(row), cols * 3);
                LumaRow(src, y);
                foreach (ref int v in y.AsSpan()) v = lut[v];
                RebuildRow(src, y, new Span<T>((void*)destination.Ptr(row), cols * 3));
            }
        });
    }

    private static unsafe void RebuildRows<T>(Mat bgr, Mat mappedY, Mat destination) where T : unmanaged, IBinaryInteger<T>
    {
        int cols = bgr.Cols;
        ForBands(bgr.Rows, cols, (first, end) =>
        {
            var y = new int[cols];
            for (int row = first; row < end; row++)
            {
                var mapped = new ReadOnlySpan<T>((void*)mappedY.Ptr(row), cols);
                for (int x = 0; x < cols; x++) y[x] = int.CreateTruncating(mapped[x]);
                RebuildRow(new ReadOnlySpan<T>((void*)bgr.Ptr(row), cols * 3), y, new Span<T>((void*)destination.Ptr(row), cols * 3));
            }
        });
    }

    private static unsafe void LumaRows<T>(Mat bgr, Mat luma) where T : unmanaged, IBinaryInteger<T>
    {
        int cols = bgr.Cols;
        ForBands(bgr.Rows, cols, (first, end) =>
        {
            var y = new int[cols];
            for (int row = first; row < end; row++)
            {
                LumaRow(new ReadOnlySpan<T>((void*)bgr.Ptr(row), cols * 3), y);
                var dst = new Span<T>((void*)luma.Ptr(row), cols);
                for (int x = 0; x < cols; x++) dst[x] = T.CreateTruncating(y[x]);
            }
        });
    }

    private static unsafe long[] CountRows<T>(Mat bgr) where T : unmanaged, IBinaryInteger<T>
    {
        int cols = bgr.Cols, levels = Levels(bgr);
        var total = new long[levels];
        ForBands(bgr.Rows, cols, (first, end) =>
        {
            // A private int histogram per band keeps threads apart; a band holds far fewer than 2^31 pixels.
            var counts = new int[levels];
            var y = new int[cols];
            for (int row = first; row < end; row++)
            {
                LumaRow(new ReadOnlySpan<T>((void*)bgr.Ptr(row), cols * 3), y);
                foreach (int v in y) counts[v]++;
            }
            lock (total)
                for (int i = 0; i < levels; i++) total[i] += counts[i];
        });
        return total;
    }

    /// <summary>Y = descale(B·0.114 + G·0.587 + R·0.299) in 2^14 fixed point, as OpenCV's RGB2YCrCb_i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LumaRow<T>(ReadOnlySpan<T> bgr, Span<int> y) where T : unmanaged, IBinaryInteger<T>
    {
        for (int x = 0, i = 0; x < y.Length; x++, i += 3)
            y[x] = (int.CreateTruncating(bgr[i]) * B2Y + int.CreateTruncating(bgr[i + 1]) * G2Y + int.CreateTruncating(bgr[i + 2]) * R2Y + Half) >> Shift;
    }

    /// <summary>
    /// Cr and Cb from the source pixel and its own Y, saturated to the depth as cvtColor stores them, then B, G, R
    /// from the mapped Y, exactly as OpenCV's YCrCb2RGB_i (arithmetic shifts round negative products down, as in C++).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RebuildRow<T>(ReadOnlySpan<T> bgr, ReadOnlySpan<int> mappedY, Span<T> destination) where T : unmanaged, IBinaryInteger<T>
    {
        int max = typeof(T) == typeof(byte) ? byte.MaxValue : ushort.MaxValue;
        int half = (max + 1) / 2;
        int delta = half << Shift; // OpenCV's delta: ColorChannel::half() · 2^14
        for (int x = 0, i = 0; x < mappedY.Length; x++, i += 3)
        {
            int b = int.CreateTruncating(bgr[i]), g = int.CreateTruncating(bgr[i + 1]), r = int.CreateTruncating(bgr[i + 2]);
            int y = (b * B2Y + g * G2Y + r * R2Y + Half) >> Shift;
            int cr = Math.Clamp(((r - y) * YCrI + delta + Half) >> Shift, 0, max) - half;
            int cb = Math.Clamp(((b - y) * YCbI + delta + Half) >> Shift, 0, max) - half;
            int y2 = mappedY[x];
            destination[i] = T.CreateTruncating(Math.Clamp(y2 + ((cb * Cb2B + Half) >> Shift), 0, max));
            destination[i + 1] = T.CreateTruncating(Math.Clamp(y2 + ((cb * Cb2G + cr * Cr2G + Half) >> Shift), 0, max));
            destination[i + 2] = T.CreateTruncating(Math.Clamp(y2 + ((cr * Cr2R + Half) >> Shift), 0, max));
        }
    }

    /// <summary>Runs <paramref name="work"/>(first row, end row) over bands of about a megapixel, in parallel.</summary>
    private static void ForBands(int rows, int cols, Action<int, int> work)
    {
        // Several bands per core balance uneven load; bands of ~1 MP keep per-band temporaries negligible.
        int bands = Math.Clamp((int)((long)rows * cols / (1 << 20)), 1, Environment.ProcessorCount * 4);
        bands = Math.Max(1, Math.Min(bands, rows));
        Parallel.For(0, bands, band => work((int)((long)rows * band / bands), (int)((long)rows * (band + 1) / bands)));
    }
}
