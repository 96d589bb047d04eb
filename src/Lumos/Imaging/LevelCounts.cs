using System.Runtime.CompilerServices;
using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// Level histograms of single-channel 8- and 16-bit planes, counted in parallel over row bands. Hot loops are
/// compiled optimised at once: a CLI run calls them once per image, too few times for tiered JIT to catch up.
/// </summary>
public static class LevelCounts
{
    /// <summary>Counts of each level of a CV_8UC1 (256) or CV_16UC1 (65536) plane.</summary>
    public static long[] Of(Mat plane) => plane.Depth() == MatType.CV_8U ? Of8Bit(plane) : Of16Bit(plane);

    /// <summary>Counts of each of the 256 levels of a CV_8UC1 plane.</summary>
    public static unsafe long[] Of8Bit(Mat plane)
    {
        if (plane.Type() != MatType.CV_8UC1) throw new ArgumentException($"expected CV_8UC1, got {plane.Type()}", nameof(plane));
        return Count(plane, 256, [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (row, cols, counts) =>
        {
            // Four interleaved sub-histograms (merged by Count) so runs of one level do not serialise on one counter.
            var src = new ReadOnlySpan<byte>((void*)row, cols);
            int x = 0;
            for (; x + 4 <= src.Length; x += 4)
            {
                counts[src[x]]++;
                counts[256 + src[x + 1]]++;
                counts[512 + src[x + 2]]++;
                counts[768 + src[x + 3]]++;
            }
            for (; x < src.Length; x++) counts[src[x]]++;
        }, lanes: 4);
    }

    /// <summary>Counts of each of the 65536 levels of a CV_16UC1 plane.</summary>
    public static unsafe long[] Of16Bit(Mat plane)
    {
        if (plane.Type() != MatType.CV_16UC1) throw new ArgumentException($"expected CV_16UC1, got {plane.Type()}", nameof(plane));
        return Count(plane, 65536, [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (row, cols, counts) =>
        {
            var src = new ReadOnlySpan<ushort>((void*)row, cols);
            foreach (var v in src) counts[v]++;
        });
    }

    private static long[] Count(Mat plane, int bins, Action<nint, int, int[]> countRow, int lanes = 1)
    {
        int rows = plane.Rows, cols = plane.Cols;
        // One private int histogram per band keeps threads apart; bands of at most 2^31 pixels cannot overflow.
        int bands = Math.Clamp((int)((long)rows * cols / (1 << 20)), 1, Environment.ProcessorCount * 4);
        bands = Math.Min(bands, rows);
        var total = new long[bins];
        Parallel.For(0, bands, band =>
        {
            var counts = new int[bins * lanes];
            for (int y = (int)((long)rows * band / bands), end = (int)((long)rows * (band + 1) / bands); y < end; y++)
                countRow(plane.Ptr(y), cols, counts);
            lock (total)
                for (int i = 0; i < counts.Length; i++) total[i % bins] += counts[i];
        });
        return total;
    }
}
