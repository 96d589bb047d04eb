using System.Numerics;
using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// Tone maps on Y of YCrCb with the colour round trip fused into passes over bands of rows: each band is
/// converted to YCrCb in a small per-worker buffer that stays in cache, Y is counted or mapped in place, and the
/// band is converted back straight into the destination rows. No full-size Y, Cr, Cb or YCrCb image is
/// allocated, and the conversions are OpenCV's own (<c>cvtColor</c>, fixed-point BT.601 with yuv_shift 14 in
/// color_yuv.simd.hpp), so results equal a whole-image cvtColor → map Y → cvtColor bit for bit.
/// </summary>
/// <remarks>
/// A scalar C# port of OpenCV's RGB2YCrCb_i / YCrCb2RGB_i reproduced every 8-bit colour and random 16-bit images
/// exactly (it passed the same YCurveTests; see this file's history), but ran ~6× slower than OpenCV's SIMD conversions
/// on cache-resident bands (12 MP gamma into a reused output: 211 vs 33 ms), so the bands call OpenCV.
/// </remarks>
public static class YCurve
{
    // About 64 K pixels a band: 192 KB (8-bit) or 384 KB (16-bit) of YCrCb scratch, within a core's L2 cache.
    private const int BandPixels = 1 << 16;

    /// <summary>True when <paramref name="bgr"/> is 8- or 16-bit, three channels: the layouts the fused passes handle.</summary>
    public static bool Supports(Mat bgr) => bgr.Type() == MatType.CV_8UC3 || bgr.Type() == MatType.CV_16UC3;

    /// <summary>Levels of the image's depth: 256 or 65536.</summary>
    public static int Levels(Mat bgr) => bgr.Depth() == MatType.CV_16U ? 65536 : 256;

    /// <summary>
    /// Maps Y through <paramref name="lut"/> (one entry per level, values within the depth's range) into
    /// <paramref name="destination"/> (reallocated only when its size or type differ): one pass over the rows; an
    /// identity table copies the image exactly.
    /// </summary>
    public static void Apply(Mat bgr, ushort[] lut, Mat destination)
    {
        RequireSupported(bgr);
        if (lut.Length != Levels(bgr)) throw new ArgumentException($"expected {Levels(bgr)} entries, got {lut.Length}", nameof(lut));
        LargeBuffers.EnsureOutput(destination, bgr);
        // An identity table changes nothing, but the integer YCrCb round trip would move some colours by a level.
        if (IsIdentity(lut)) bgr.CopyTo(destination);
        else MapRows(bgr, lut, destination);
    }

    private static bool IsIdentity(ushort[] lut)
    {
        for (int level = 0; level < lut.Length; level++)
            if (lut[level] != level) return false;
        return true;
    }

    /// <summary>Counts of each level of Y (256 for 8-bit, 65536 for 16-bit), without storing Y.</summary>
    public static long[] Histogram(Mat bgr)
    {
        RequireSupported(bgr);
        return CountRows(bgr);
    }

    /// <summary>
    /// Y as a single-channel plane of the image's depth, equal to OpenCV's BGR→YCrCb Y. Not its BGR→grey, which
    /// weighs with 15-bit coefficients (color_rgb.simd.hpp) and differs by one level on some colours.
    /// </summary>
    public static Mat Luma(Mat bgr)
    {
        RequireSupported(bgr);
        var luma = LargeBuffers.New(bgr.Size(), bgr.Depth() == MatType.CV_8U ? MatType.CV_8UC1 : MatType.CV_16UC1);
        LumaRows(bgr, luma);
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
        LargeBuffers.EnsureOutput(destination, bgr);
        RebuildRows(bgr, mappedY, destination);
    }

    private static void RequireSupported(Mat bgr)
    {
        if (!Supports(bgr)) throw new ArgumentException($"expected CV_8UC3 or CV_16UC3, got {bgr.Type()}", nameof(bgr));
    }

    private static void MapRows(Mat bgr, ushort[] lut, Mat destination) => ForBands(bgr, 0, (first, ycrcb, _) =>
    {
        if (bgr.Depth() == MatType.CV_8U) MapY<byte>(ycrcb, lut);
        else MapY<ushort>(ycrcb, lut);
        ToBgr(ycrcb, destination, first);
    });

    private static void RebuildRows(Mat bgr, Mat mappedY, Mat destination) => ForBands(bgr, 0, (first, ycrcb, _) =>
    {
        using (var mapped = mappedY.RowRange(first, first + ycrcb.Rows)) Cv2.InsertChannel(mapped, ycrcb, 0);
        ToBgr(ycrcb, destination, first);
    });

    private static void LumaRows(Mat bgr, Mat luma) => ForBands(bgr, 0, (first, ycrcb, _) =>
    {
        using var rows = luma.RowRange(first, first + ycrcb.Rows);
        Cv2.ExtractChannel(ycrcb, rows, 0);
    });

    private static long[] CountRows(Mat bgr)
    {
        var total = new long[Levels(bgr)];
        ForBands(bgr, total.Length, (_, ycrcb, counts) =>
        {
            if (bgr.Depth() == MatType.CV_8U) CountY<byte>(ycrcb, counts!);
            else CountY<ushort>(ycrcb, counts!);
        }, counts =>
        {
            lock (total)
                for (int i = 0; i < counts.Length; i++) total[i] += counts[i];
        });
        return total;
    }

    private static void ToBgr(Mat ycrcb, Mat destination, int first)
    {
        using var rows = destination.RowRange(first, first + ycrcb.Rows);
        Cv2.CvtColor(ycrcb, rows, ColorConversionCodes.YCrCb2BGR);
    }

    private static unsafe void MapY<T>(Mat ycrcb, ushort[] lut) where T : unmanaged, IBinaryInteger<T>
    {
        int rows = ycrcb.Rows, length = ycrcb.Cols * 3;
        for (int row = 0; row < rows; row++)
        {
            var samples = new Span<T>((void*)ycrcb.Ptr(row), length);
            for (int i = 0; i < samples.Length; i += 3) samples[i] = T.CreateTruncating(lut[int.CreateTruncating(samples[i])]);
        }
    }

    private static unsafe void CountY<T>(Mat ycrcb, int[] counts) where T : unmanaged, IBinaryInteger<T>
    {
        int rows = ycrcb.Rows, length = ycrcb.Cols * 3;
        for (int row = 0; row < rows; row++)
        {
            var samples = new ReadOnlySpan<T>((void*)ycrcb.Ptr(row), length);
            for (int i = 0; i < samples.Length; i += 3) counts[int.CreateTruncating(samples[i])]++;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/>(first row, the band in YCrCb, the worker's counts) on every band, in parallel.
    /// Each worker owns one scratch buffer (and, when <paramref name="levels"/> &gt; 0, one int histogram, which a
    /// worker's few megapixels cannot overflow), handed to <paramref name="finish"/> at the end.
    /// </summary>
    private static void ForBands(Mat bgr, int levels, Action<int, Mat, int[]?> work, Action<int[]>? finish = null)
    {
        int rows = bgr.Rows, cols = bgr.Cols;
        int bandRows = Math.Clamp(BandPixels / Math.Max(cols, 1), 1, Math.Max(rows, 1));
        int bands = (rows + bandRows - 1) / bandRows;
        Parallel.For(0, bands,
            () => (Scratch: new Mat(bandRows, cols, bgr.Type()), Counts: levels > 0 ? new int[levels] : null),
            (band, _, worker) =>
            {
                int first = band * bandRows, end = Math.Min(rows, first + bandRows);
                using var source = bgr.RowRange(first, end);
                using var ycrcb = worker.Scratch.RowRange(0, end - first);
                Cv2.CvtColor(source, ycrcb, ColorConversionCodes.BGR2YCrCb);
                work(first, ycrcb, worker.Counts);
                return worker;
            },
            worker =>
            {
                worker.Scratch.Dispose();
                if (worker.Counts is not null) finish?.Invoke(worker.Counts);
            });
    }
}
