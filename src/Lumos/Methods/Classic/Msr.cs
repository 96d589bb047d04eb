using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="Msr"/>.</summary>
public sealed record MsrOptions
{
    /// <summary>Gaussian surround scales in pixels, equally weighted; the paper's small, medium and large scales.</summary>
    [Description("Gaussian surround sigmas in pixels, equally weighted")]
    public double[] Sigmas { get; init; } = [15, 80, 250];

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
/// Multiscale Retinex R = Σₖ ⅓ [log I − log(Gσₖ ∗ I)] on each channel (Jobson, Rahman &amp; Woodell 1997,
/// "A multiscale retinex for bridging the gap…", eq. 3), mapped to the output range by simplest colour
/// balance per channel as in Petro, Sbert &amp; Morel (IPOL 2014). Samples get +1 before the log.
/// </summary>
[Registered("msr", "multiscale Retinex: equal-weight sum of single-scale Retinex at 15/80/250 px",
    Citation = "Jobson, Rahman & Woodell, A multiscale retinex for bridging the gap between color images and the human observation of scenes, IEEE TIP 6(7), 1997")]
public sealed class Msr : FrameStatisticsMethod
{
    private readonly MsrOptions options;

    /// <summary>Creates the method.</summary>
    /// <exception cref="LumosException">No scale given or a scale out of range.</exception>
    public Msr(MsrOptions options)
    {
        Retinex.CheckSigmas(options.Sigmas, "msr");
        this.options = options;
    }

    /// <inheritdoc />
    /// <remarks>The statistics are the colour balance's stretch limits per channel.</remarks>
    public override void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics)
    {
        // R overwrites the shifted samples, and the balance writes the output's depth directly: one float image in all.
        using var retinex = Retinex.Shifted(bgr);
        Retinex.MultiScale(retinex, options.Sigmas, options.ExactBlur, retinex);
        LargeBuffers.EnsureOutput(destination, bgr);
        SimplestColourBalance.Apply(retinex, destination, options.LowClip, options.HighClip, Retinex.MinSpread, statistics, flatSource: bgr);
    }
}
