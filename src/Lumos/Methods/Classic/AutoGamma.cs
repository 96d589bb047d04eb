using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="AutoGamma"/>.</summary>
public sealed record AutoGammaOptions
{
    /// <summary>Mean luminance (unit range) the curve moves the image's mean Y to.</summary>
    [Description("mean luminance (0-1) the image's mean Y is mapped to"), Range(0.01, 0.99)]
    public double Target { get; init; } = 0.5;

    /// <summary>Smallest exponent allowed (strongest brightening).</summary>
    [Description("smallest exponent allowed (strongest brightening)"), Range(0.01, 1.0)]
    public double MinGamma { get; init; } = 0.1;

    /// <summary>Largest exponent allowed (strongest darkening).</summary>
    [Description("largest exponent allowed (strongest darkening)"), Range(1.0, 100.0)]
    public double MaxGamma { get; init; } = 10.0;

    /// <summary>Channel the curve acts on.</summary>
    [Description("channel the curve acts on")]
    public ToneChannel Channel { get; init; } = ToneChannel.Y;
}

/// <summary>
/// Power-law curve out = in^γ with γ = log(target) / log(mean Y), so that the mean luminance m maps to
/// m^γ = target; γ is clamped to [MinGamma, MaxGamma]. In a video γ is the frame statistic
/// (<see cref="IFrameStatistics"/>), smoothed over time so a passing light does not pump the whole frame.
/// </summary>
[Registered("auto-gamma", "gamma chosen to move mean luminance to a target", Citation = "Gonzalez & Woods, Digital Image Processing, 4th ed., §3.2.3")]
public sealed class AutoGamma(AutoGammaOptions options) : FrameStatisticsMethod, ILumaMethod
{
    /// <inheritdoc />
    public bool ActsOnLumaOnly => options.Channel == ToneChannel.Y;

    /// <inheritdoc />
    public override void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics)
    {
        double gamma = statistics([GammaFor(bgr)])[0];
        ToneCurve.Apply(bgr, options.Channel, x => Math.Pow(x, gamma), destination);
    }

    /// <summary>The exponent this method applies to <paramref name="bgr"/>.</summary>
    public double GammaFor(Mat bgr)
    {
        // OpenCV's grey (15-bit weights), not YCrCb's Y (14-bit): the mean this method has always used.
        // Keep the mean off 0 and 1, where log(mean) gives no usable exponent; the clamp then decides.
        double eps = 1.0 / Pixels.MaxValue(bgr);
        double mean = Math.Clamp(ColourSpace.MeanLuma(bgr) / Pixels.MaxValue(bgr), eps, 1 - eps);
        return Math.Clamp(Math.Log(options.Target) / Math.Log(mean), options.MinGamma, options.MaxGamma);
    }
}
