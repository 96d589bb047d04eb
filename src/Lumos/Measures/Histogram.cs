using Lumos.Imaging;
using System.Text;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>
/// A 256-bin histogram of BT.601 luma. 8-bit luma v falls in bin v; 16-bit luma v in bin round(v / 257), the
/// 8-bit level it converts to, so the same picture stored at 8 or 16 bits gives (nearly) the same histogram.
/// </summary>
public sealed class Histogram
{
    /// <summary>Number of bins.</summary>
    public const int Bins = 256;

    private static readonly char[] Bars = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

    private readonly long[] counts;

    private Histogram(long[] counts)
    {
        this.counts = counts;
        Total = counts.Sum();
    }

    /// <summary>Pixel count of each bin, darkest first (256 entries).</summary>
    public IReadOnlyList<long> Counts => counts;

    /// <summary>Number of pixels counted.</summary>
    public long Total { get; }

    /// <summary>The luma histogram of an 8/16-bit grey, BGR or BGRA image (alpha ignored).</summary>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle.</exception>
    public static Histogram OfLuma(Mat image)
    {
        using var luma = MeasureInput.Luma(image);
        if (luma.Depth() == MatType.CV_8U) return new Histogram(LevelCounts.Of8Bit(luma));
        var levels = LevelCounts.Of16Bit(luma);
        var counts = new long[Bins];
        for (int v = 0; v < levels.Length; v++) counts[(v + 128) / 257] += levels[v];
        return new Histogram(counts);
    }

    /// <summary>Shannon entropy −Σ p·log₂ p of the bin frequencies, in bits (0 to 8).</summary>
    public double Entropy()
    {
        double entropy = 0;
        foreach (var count in counts)
        {
            if (count == 0) continue;
            double p = count / (double)Total;
            entropy -= p * Math.Log2(p);
        }
        return entropy;
    }

    /// <summary>
    /// Renders the histogram as a one-line sparkline of <paramref name="columns"/> characters from ▁ to █.
    /// Column c pools bins [c·256/columns, (c+1)·256/columns); bar height is proportional to the pooled
    /// count relative to the tallest column, and ▁ is reserved for columns with no pixels at all, so an
    /// occupied column always shows at least ▂.
    /// </summary>
    /// <param name="columns">Width in characters, 1 to 256 (divisors of 256 give equal-width columns).</param>
    public string Sparkline(int columns = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, Bins);
        var pooled = new long[columns];
        for (int bin = 0; bin < Bins; bin++) pooled[bin * columns / Bins] += counts[bin];
        long tallest = pooled.Max();
        var line = new StringBuilder(columns);
        foreach (var count in pooled)
            line.Append(Bars[count == 0 ? 0 : (int)Math.Max(1, Math.Round(7.0 * count / tallest))]);
        return line.ToString();
    }
}
