using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using static TorchSharp.torch;

namespace Lumos.Nets.Methods;

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
/// a 5th-percentile black point, and saturation raised to 0.8. Works on (N, 3, H, W) RGB tensors.
/// </summary>
public sealed class MbllenPostProcess(MbllenPostProcessOptions options)
{
    /// <summary>Returns the post-processed images in [0, 1]; <paramref name="rgb"/> is not modified.</summary>
    public Tensor Apply(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var images = Enumerable.Range(0, (int)rgb.shape[0]).Select(i => ApplyOne(rgb[i])).ToList();
        return stack(images).MoveToOuterDisposeScope();
    }

    private Tensor ApplyOne(Tensor x)
    {
        var grey = Grey(x);
        double aboveMax = grey.ge(options.MaxRange).sum().item<long>() / (double)Math.Max(1, grey.le(1.0).sum().item<long>());
        double high = Percentile(grey, options.HighPercentile);
        if (aboveMax < (100 - options.HighPercentile) / 100 && high > 0)
            x = (x * (options.MaxRange / high)).clamp_max(1.0);

        double black = Percentile(Grey(x), options.LowPercentile);
        if (black < 1) x = (x - black) / (1 - black);

        // Deviation: negatives (below the black point) are clipped before the saturation step rather than
        // only at the very end, as the HSV saturation of a pixel with negative channels is undefined.
        x = x.clamp(0.0, 1.0);
        // Changing S alone in HSV and converting back moves each channel along V − (V − c)·S'/S.
        var v = x.amax([0], keepdim: true);
        var s = where(v > 0, (v - x.amin([0], keepdim: true)) / v, zeros_like(v));
        var factor = where(s > 0, s.pow(options.SaturationGamma - 1), ones_like(s));
        return (v - (v - x) * factor).clamp(0.0, 1.0);
    }

    // The official script's grey uses G for the blue weight too (0.299 R + 0.587 G + 0.114 G); kept as published.
    private static Tensor Grey(Tensor x) => x[0] * 0.299 + x[1] * 0.587 + x[1] * 0.114;

    /// <summary>numpy.percentile with linear interpolation (the official script's), via two order statistics.</summary>
    private static double Percentile(Tensor values, double percent)
    {
        var flat = values.flatten();
        long n = flat.shape[0];
        double position = percent / 100 * (n - 1);
        long below = (long)Math.Floor(position), above = Math.Min(below + 1, n - 1);
        double low = flat.kthvalue(below + 1, 0).values.item<float>();
        double highValue = flat.kthvalue(above + 1, 0).values.item<float>();
        return low + (highValue - low) * (position - below);
    }
}
