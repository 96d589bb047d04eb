using System.Diagnostics;

namespace Lumos.Bench;

/// <summary>
/// The machine's memory bandwidth as a plain copy sees it, as context for the classic table: a method on a
/// 12 MP 8-bit colour image reads and writes at least 2 × 36 MB, which no implementation does faster.
/// </summary>
internal static class MemoryBandwidth
{
    /// <summary>Copy bandwidth (bytes read plus bytes written, per second) of one thread over 256 MB buffers, median of 7.</summary>
    public static double BytesPerSecond()
    {
        // Buffers far above any cache, touched once before timing so page faults are not measured.
        const int size = 256 << 20;
        var source = GC.AllocateUninitializedArray<byte>(size);
        var target = GC.AllocateUninitializedArray<byte>(size);
        source.AsSpan().Fill(1);
        target.AsSpan().Clear();
        var times = new double[7];
        for (int i = 0; i < times.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            source.AsSpan().CopyTo(target);
            times[i] = watch.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        return 2.0 * size / times[times.Length / 2];
    }
}
