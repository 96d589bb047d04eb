using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="Msrcr"/>.</summary>
public sealed record MsrcrOptions
{
    /// <summary>Gaussian surround scales in pixels, equally weighted.</summary>
    [Description("Gaussian surround sigmas in pixels, equally weighted")]
    public double[] Sigmas { get; init; } = [15, 80, 250];

    /// <summary>α of the colour restoration C = β(log αIᵢ − log ΣI): how strongly channel ratios are weighed.</summary>
    [Description("alpha of the colour restoration beta*(log(alpha*I_i) - log(sum I))"), Range(1.0, 10000.0)]
    public double Alpha { get; init; } = 125;

    /// <summary>β of the colour restoration: its overall gain (cancelled by the per-channel colour balance).</summary>
    [Description("beta (gain) of the colour restoration"), Range(0.01, 1000.0)]
    public double Beta { get; init; } = 46;

    /// <summary>
    /// Map the result with simplest colour balance per channel (IPOL); when false use the paper's
    /// out = G·(R + b) on the 8-bit scale, clipped.
    /// </summary>
    [Description("final stretch by simplest colour balance (false: gain/offset)")]
    public bool Balance { get; init; } = true;

    /// <summary>Gain G of out = G·(R + b) on the 8-bit scale; used only when <see cref="Balance"/> is false.</summary>
    [Description("gain G of out = G*(R + b), 8-bit scale (balance=false only)"), Range(0.0, 10000.0)]
    public double Gain { get; init; } = 192;

    /// <summary>Offset b of out = G·(R + b); used only when <see cref="Balance"/> is false.</summary>
    [Description("offset b of out = G*(R + b) (balance=false only)"), Range(-10000.0, 10000.0)]
    public double Offset { get; init; } = -30;

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
/// Multiscale Retinex with colour restoration (Jobson, Rahman &amp; Woodell 1997, eqs. 3, 6–8): the MSR of each
/// channel is multiplied by Cᵢ = β(log αIᵢ − log ΣⱼIⱼ), which restores the colour MSR washes out, then mapped to
/// the output range by simplest colour balance per channel with 1 % clipping as in Petro, Sbert &amp; Morel
/// (IPOL 2014), or by the paper's gain/offset. Samples get +1 before the log.
/// </summary>
/// <remarks>
/// The colour balance is affine per channel, so it cancels β, G and b; they matter only for the gain/offset
/// mapping. The paper's G = 192, b = −30 belong to its own log scaling and mostly clip here; the IPOL code's
/// canonical mapping corresponds to beta=1, gain=30, offset=6.
/// </remarks>
[Registered("msrcr", "multiscale Retinex with colour restoration",
    Citation = "Jobson, Rahman & Woodell, A multiscale retinex for bridging the gap between color images and the human observation of scenes, IEEE TIP 6(7), 1997; Petro, Sbert & Morel, Multiscale Retinex, IPOL 2014")]
public sealed class Msrcr : FrameStatisticsMethod
{
    private readonly MsrcrOptions options;

    /// <summary>Creates the method.</summary>
    /// <exception cref="LumosException">No scale given or a scale out of range.</exception>
    public Msrcr(MsrcrOptions options)
    {
        Retinex.CheckSigmas(options.Sigmas, "msrcr");
        this.options = options;
    }

    /// <inheritdoc />
    /// <remarks>The statistics are the colour balance's stretch limits per channel (none with balance off: its gain and offset are fixed).</remarks>
    public override void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics)
    {
        // R (restored) overwrites the shifted samples row by row: one float image in all.
        using var restored = Retinex.Shifted(bgr);
        Retinex.MultiScale(restored, options.Sigmas, options.ExactBlur, restored, RestoreColour);
        LargeBuffers.EnsureOutput(destination, bgr);
        if (options.Balance)
            SimplestColourBalance.Apply(restored, destination, options.LowClip, options.HighClip, Retinex.MinSpread * RestorationBound(Pixels.MaxValue(bgr)), statistics, flatSource: bgr);
        else
        {
            // out = G·(R + b) on the 8-bit scale, taken to the unit scale, then to the output's (which clips).
            restored.ConvertTo(restored, restored.Type(), options.Gain / 255, options.Gain * options.Offset / 255);
            restored.ConvertTo(destination, destination.Type(), Pixels.MaxValue(bgr));
        }
    }

    /// <summary>Multiplies the MSR of channel i by Cᵢ = β log(αIᵢ / ΣⱼIⱼ) (eqs. 7–8), in place.</summary>
    private void RestoreColour(ReadOnlySpan<float> image, Span<float> retinex, Span<float> restoration)
    {
        float alpha = (float)options.Alpha, beta = (float)options.Beta;
        for (int i = 0; i < image.Length; i += 3)
        {
            float share = alpha / (image[i] + image[i + 1] + image[i + 2]);
            restoration[i] = share * image[i];
            restoration[i + 1] = share * image[i + 1];
            restoration[i + 2] = share * image[i + 2];
        }
        Retinex.LogInPlace(restoration);
        for (int i = 0; i < retinex.Length; i++) retinex[i] *= beta * restoration[i];
    }

    /// <summary>
    /// The largest |Cᵢ| any pixel can have: with samples + 1 in 1..max+1 the channel share Iᵢ/ΣI lies in
    /// [1/(3·max+3), 1). The restoration scales the MSR's rounding noise by up to this, so the balance's
    /// flatness threshold scales with it.
    /// </summary>
    private double RestorationBound(double maxValue) =>
        options.Beta * Math.Max(Math.Abs(Math.Log(options.Alpha)), Math.Abs(Math.Log(options.Alpha / (3 * maxValue + 3))));
}
