using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;

namespace Lumos.Onnx;

/// <summary>Options of <see cref="MbllenPostProcess"/>; defaults are the official test script's.</summary>
public sealed record MbllenPostProcessOptions
{
    /// <summary>Percentile of the grey output mapped to <see cref="MaxRange"/> by the linear gain (official 85..100).</summary>
    [Description("grey percentile the linear gain maps to max-range"), Range(50.0, 100.0)]
    public double HighPercentile { get; init; } = 95;

    /// <summary>Target of the high percentile; the gain is skipped when more than (100 − high)% is already above it.</summary>
    [Description("value the high percentile is amplified to"), Range(0.1, 1.0)]
    public double MaxRange { get; init; } = 0.8;

    /// <summary>Percentile of the grey output taken as black point, [p, 1] → [0, 1] (official 0..15).</summary>
    [Description("grey percentile taken as black point"), Range(0.0, 50.0)]
    public double LowPercentile { get; init; } = 5;

    /// <summary>Exponent applied to HSV saturation (below 1 saturates; official 0.6..1).</summary>
    [Description("exponent on HSV saturation (below 1 saturates)"), Range(0.1, 1.0)]
    public double SaturationGamma { get; init; } = 0.8;
}

/// <summary>
/// The official MBLLEN test script's post-processing of the net output (Lvfeifan/MBLLEN, main/test.py):
/// a linear gain that maps the 95th grey percentile to 0.8 unless over 5% of pixels already reach 0.8,
/// a 5th-percentile black point, and saturation raised to 0.8. Works on RGB planar images in [0, 1], so it runs
/// after any engine.
/// </summary>
public sealed class MbllenPostProcess(MbllenPostProcessOptions options)
{
    /// <summary>Returns the post-processed image in [0, 1]; <paramref name="rgb"/> is not modified.</summary>
    /// <exception cref="ArgumentException">The image does not have 3 planes.</exception>
    public PlanarImage Apply(PlanarImage rgb)
    {
        if (rgb.Channels != 3) throw new ArgumentException($"expected RGB, got {rgb.Channels} planes", nameof(rgb));
        var x = new PlanarImage(3, rgb.Height, rgb.Width, (float[])rgb.Data.Clone());
        var grey = Grey(x);
        long above = grey.Count(g => g >= options.MaxRange), notAboveOne = grey.Count(g => g <= 1f);
        double aboveMax = above / (double)Math.Max(1, notAboveOne);
        double high = Percentile(grey, options.HighPercentile);
        if (aboveMax < (100 - options.HighPercentile) / 100 && high > 0)
        {
            float gain = (float)(options.MaxRange / high);
            foreach (ref var v in x.Data.AsSpan()) v = Math.Min(v * gain, 1f);
        }

        double black = Percentile(Grey(x), options.LowPercentile);
        // Deviation: negatives (below the black point) are clipped before the saturation step rather than
        // only at the very end, as the HSV saturation of a pixel with negative channels is undefined.
        float offset = black < 1 ? (float)black : 0f, stretch = black < 1 ? (float)(1 - black) : 1f;
        foreach (ref var v in x.Data.AsSpan()) v = Math.Clamp((v - offset) / stretch, 0f, 1f);

        // Changing S alone in HSV and converting back moves each channel along V − (V − c)·S'/S.
        Span<float> r = x.Plane(0), g = x.Plane(1), b = x.Plane(2);
        for (int i = 0; i < r.Length; i++)
        {
            float v = Math.Max(r[i], Math.Max(g[i], b[i])), min = Math.Min(r[i], Math.Min(g[i], b[i]));
            float s = v > 0 ? (v - min) / v : 0;
            float factor = s > 0 ? MathF.Pow(s, (float)options.SaturationGamma - 1) : 1;
            r[i] = Math.Clamp(v - (v - r[i]) * factor, 0f, 1f);
            g[i] = Math.Clamp(v - (v - g[i]) * factor, 0f, 1f);
            b[i] = Math.Clamp(v - (v - b[i]) * factor, 0f, 1f);
        }
        return x;
    }

    // The official script's grey uses G for the blue weight too (0.299 R + 0.587 G + 0.114 G); kept as published.
    private static float[] Grey(PlanarImage x)
    {
        ReadOnlySpan<float> r = x.Plane(0), g = x.Plane(1);
        var grey = new float[x.Area];
        for (int i = 0; i < grey.Length; i++) grey[i] = r[i] * 0.299f + g[i] * 0.587f + g[i] * 0.114f;
        return grey;
    }

    /// <summary>numpy.percentile with linear interpolation (the official script's), from two order statistics.</summary>
    private static double Percentile(float[] values, double percent)
    {
        var work = (float[])values.Clone();
        int n = work.Length;
        double position = percent / 100 * (n - 1);
        int below = (int)Math.Floor(position), above = Math.Min(below + 1, n - 1);
        double low = Select(work, below);
        // After selection everything right of 'below' is ≥ it, so the next order statistic is their minimum.
        double next = low;
        if (above != below)
        {
            next = double.PositiveInfinity;
            foreach (float v in work.AsSpan(below + 1)) next = Math.Min(next, v);
        }
        return low + (next - low) * (position - below);
    }

    /// <summary>Hoare's quickselect: the k-th smallest value (0-based), partially ordering <paramref name="a"/> around it.</summary>
    private static float Select(float[] a, int k)
    {
        int left = 0, right = a.Length - 1;
        while (left < right)
        {
            float pivot = a[left + (right - left) / 2];
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i > j) break;
                (a[i], a[j]) = (a[j], a[i]);
                i++;
                j--;
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else break;
        }
        return a[k];
    }
}
