using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// Simplest colour balance (Limare, Lisani, Morel, Petro &amp; Sbert, IPOL 2011): per channel, saturate a given
/// percentage of the darkest and of the brightest values, then stretch the rest affinely onto [0, 1].
/// </summary>
public static class SimplestColourBalance
{
    private const int Bins = 4096;

    /// <summary>
    /// Stretches each channel of a CV_32F image onto [0, 1], clipping <paramref name="lowPercent"/> % of its
    /// samples at 0 and <paramref name="highPercent"/> % at 1. Quantiles are read from a 4096-bin histogram,
    /// so they are exact to 1/4096 of the channel's value range.
    /// </summary>
    /// <param name="values">Values on any scale, any channel count; not modified.</param>
    /// <param name="lowPercent">Share of samples saturated to 0, in percent.</param>
    /// <param name="highPercent">Share of samples saturated to 1, in percent.</param>
    /// <param name="minSpread">When a channel's kept values span less than this, it carries no contrast worth
    /// stretching (e.g. rounding noise of a constant image) and becomes a constant 0.5.</param>
    /// <returns>A new image of the same size and type with values in [0, 1].</returns>
    public static unsafe Mat Apply(Mat values, double lowPercent, double highPercent, double minSpread)
    {
        if (values.Depth() != MatType.CV_32F) throw new ArgumentException("simplest colour balance needs a CV_32F image", nameof(values));
        int channels = values.Channels(), length = values.Cols * channels, rows = values.Rows;
        var min = new float[channels];
        var max = new float[channels];
        Array.Fill(min, float.PositiveInfinity);
        Array.Fill(max, float.NegativeInfinity);
        var gate = new object();
        Parallel.For(0, rows, () => (Min: Filled(channels, float.PositiveInfinity), Max: Filled(channels, float.NegativeInfinity)), (y, _, local) =>
        {
            var row = new ReadOnlySpan<float>((void*)values.Ptr(y), length);
            for (int i = 0; i < length;)
                for (int c = 0; c < channels; c++, i++)
                {
                    local.Min[c] = MathF.Min(local.Min[c], row[i]);
                    local.Max[c] = MathF.Max(local.Max[c], row[i]);
                }
            return local;
        }, local =>
        {
            lock (gate)
                for (int c = 0; c < channels; c++) { min[c] = MathF.Min(min[c], local.Min[c]); max[c] = MathF.Max(max[c], local.Max[c]); }
        });

        // A hair above max so that the largest value falls in the last bin, not past it.
        var step = new double[channels];
        var inverseStep = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            step[c] = Math.Max((max[c] - (double)min[c]) * (1 + 1e-5), 1e-30) / Bins;
            inverseStep[c] = (float)(1 / step[c]);
        }
        var counts = new long[channels * Bins];
        Parallel.For(0, rows, () => new long[channels * Bins], (y, _, local) =>
        {
            var row = new ReadOnlySpan<float>((void*)values.Ptr(y), length);
            for (int i = 0; i < length;)
                for (int c = 0; c < channels; c++, i++)
                    local[c * Bins + Math.Min((int)((row[i] - min[c]) * inverseStep[c]), Bins - 1)]++;
            return local;
        }, local => { lock (gate) for (int i = 0; i < counts.Length; i++) counts[i] += local[i]; });

        var scale = new float[channels];
        var offset = new float[channels];
        double total = (double)rows * values.Cols;
        for (int c = 0; c < channels; c++)
        {
            var hist = counts.AsSpan(c * Bins, Bins);
            int low = 0, high = Bins - 1;
            for (double below = hist[0]; below <= total * lowPercent / 100 && low < Bins - 1; below += hist[++low]) { }
            for (double above = hist[Bins - 1]; above <= total * highPercent / 100 && high > 0; above += hist[--high]) { }
            double from = min[c] + low * step[c], to = min[c] + (high + 1) * step[c];
            if (max[c] - min[c] < minSpread || to - from < minSpread) (scale[c], offset[c]) = (0, 0.5f);
            else (scale[c], offset[c]) = ((float)(1 / (to - from)), (float)(-from / (to - from)));
        }

        var result = new Mat(values.Size(), values.Type());
        Parallel.For(0, rows, y =>
        {
            var row = new ReadOnlySpan<float>((void*)values.Ptr(y), length);
            var dst = new Span<float>((void*)result.Ptr(y), length);
            for (int i = 0; i < length;)
                for (int c = 0; c < channels; c++, i++)
                    dst[i] = Math.Clamp(row[i] * scale[c] + offset[c], 0f, 1f);
        });
        return result;
    }

    private static float[] Filled(int length, float value)
    {
        var array = new float[length];
        Array.Fill(array, value);
        return array;
    }
}
