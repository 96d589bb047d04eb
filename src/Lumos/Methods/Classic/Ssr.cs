using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="Ssr"/>.</summary>
public sealed record SsrOptions
{
    /// <summary>Standard deviation of the Gaussian surround in pixels; 80 is the paper's compromise between dynamic-range compression and tonal rendition.</summary>
    [Description("Gaussian surround sigma in pixels"), Range(1.0, 10000.0)]
    public double Sigma { get; init; } = 80;

    /// <summary>Percentage of the darkest values of each channel saturated by the final stretch.</summary>
    [Description("percent of darkest values clipped by the final stretch"), Range(0.0, 40.0)]
    public double LowClip { get; init; } = 1;

    /// <summary>Percentage of the brightest values of each channel saturated by the final stretch.</summary>
    [Description("percent of brightest values clipped by the final stretch"), Range(0.0, 40.0)]
    public double HighClip { get; init; } = 1;

    /// <summary>Blur with the exact (slow) Gaussian instead of the fast approximation; for tests.</summary>
    internal bool ExactBlur { get; init; }
}

/// <summary>
/// Single-scale Retinex R = log I − log(Gσ ∗ I) on each channel (Jobson, Rahman &amp; Woodell 1997, "Properties
/// and performance of a center/surround retinex", eq. 1), mapped to the output range by simplest colour
/// balance per channel. Samples get +1 before the log so black stays finite.
/// </summary>
[Registered("ssr", "single-scale Retinex: log image minus log of its Gaussian surround",
    Citation = "Jobson, Rahman & Woodell, Properties and performance of a center/surround retinex, IEEE TIP 6(3), 1997")]
public sealed class Ssr(SsrOptions options) : FrameStatisticsMethod
{
    /// <inheritdoc />
    /// <remarks>The statistics are the colour balance's stretch limits per channel.</remarks>
    public override void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics)
    {
        // R overwrites the shifted samples, and the balance writes the output's depth directly: one float image in all.
        using var retinex = Retinex.Shifted(bgr);
        Retinex.MultiScale(retinex, [options.Sigma], options.ExactBlur, retinex);
        LargeBuffers.EnsureOutput(destination, bgr);
        SimplestColourBalance.Apply(retinex, destination, options.LowClip, options.HighClip, Retinex.MinSpread, statistics, flatSource: bgr);
    }
}
