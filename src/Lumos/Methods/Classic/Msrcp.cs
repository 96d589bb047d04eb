using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="Msrcp"/>.</summary>
public sealed record MsrcpOptions
{
    /// <summary>Gaussian surround scales in pixels, equally weighted.</summary>
    [Description("Gaussian surround sigmas in pixels, equally weighted")]
    public double[] Sigmas { get; init; } = [15, 80, 250];

    /// <summary>Percentage of the darkest intensities saturated by the stretch.</summary>
    [Description("percent of darkest intensities clipped by the stretch"), Range(0.0, 40.0)]
    public double LowClip { get; init; } = 1;

    /// <summary>Percentage of the brightest intensities saturated by the stretch.</summary>
    [Description("percent of brightest intensities clipped by the stretch"), Range(0.0, 40.0)]
    public double HighClip { get; init; } = 1;

    /// <summary>Blur with the exact (slow) Gaussian instead of the fast approximation; for tests.</summary>
    internal bool ExactBlur { get; init; }
}

/// <summary>
/// Multiscale Retinex with chromaticity preservation (Petro, Sbert &amp; Morel, IPOL 2014, §4): MSR of the
/// intensity (mean of the channels, +1 before the log), stretched by simplest colour balance; every pixel's
/// R, G, B are then multiplied by one factor, new intensity over old, capped so that no channel exceeds the
/// maximum. Channel ratios, hence hue and saturation, are kept.
/// </summary>
[Registered("msrcp", "multiscale Retinex on intensity, colour scaled by the intensity ratio (keeps hue)",
    Citation = "Petro, Sbert & Morel, Multiscale Retinex, Image Processing On Line 4, 2014")]
public sealed class Msrcp : FrameStatisticsMethod
{
    private readonly MsrcpOptions options;

    /// <summary>Creates the method.</summary>
    /// <exception cref="LumosException">No scale given or a scale out of range.</exception>
    public Msrcp(MsrcpOptions options)
    {
        Retinex.CheckSigmas(options.Sigmas, "msrcp");
        this.options = options;
    }

    /// <inheritdoc />
    /// <remarks>The statistics are the colour balance's stretch limits per channel.</remarks>
    public override void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics)
    {
        using var shifted = Retinex.Shifted(bgr);
        using var intensity = LargeBuffers.New(bgr.Size(), MatType.CV_32FC1);
        using (var mean = Mat.FromPixelData(1, 3, MatType.CV_32FC1, new float[] { 1 / 3f, 1 / 3f, 1 / 3f })) Cv2.Transform(shifted, intensity, mean);
        // The balance's target overwrites the intensity's Retinex in place.
        using var target = LargeBuffers.New(bgr.Size(), MatType.CV_32FC1);
        Retinex.MultiScale(intensity, options.Sigmas, options.ExactBlur, target);
        SimplestColourBalance.Apply(target, target, options.LowClip, options.HighClip, Retinex.MinSpread, statistics);
        LargeBuffers.EnsureOutput(destination, bgr);
        ScaleColours(shifted, intensity, target, destination);
    }

    /// <summary>
    /// out = A·I with A = min(target·max / intensity, max / max(R, G, B)), on the unit scale. The intensity
    /// is that of the +1 samples (never zero); the factor is applied to the original samples, so the
    /// output's channel ratios are exactly the input's and the brightest channel can reach the maximum.
    /// </summary>
    private static unsafe void ScaleColours(Mat shifted, Mat intensity, Mat target, Mat result)
    {
        int width = shifted.Cols;
        Pixels.WriteUnitBands(result, (first, rows, unit) =>
        {
            for (int y = first; y < first + rows; y++)
            {
                var src = new ReadOnlySpan<float>((void*)shifted.Ptr(y), width * 3);
                var mean = new ReadOnlySpan<float>((void*)intensity.Ptr(y), width);
                var goal = new ReadOnlySpan<float>((void*)target.Ptr(y), width);
                var dst = unit.Slice((y - first) * width * 3, width * 3);
                for (int x = 0, i = 0; x < width; x++, i += 3)
                {
                    float brightest = MathF.Max(src[i], MathF.Max(src[i + 1], src[i + 2])) - 1;
                    // Unit-scale factor: target/intensity, or 1/brightest where that would overflow a channel
                    // (infinite for black, which stays black).
                    float factor = MathF.Min(goal[x] / mean[x], 1 / brightest);
                    dst[i] = factor * (src[i] - 1);
                    dst[i + 1] = factor * (src[i + 1] - 1);
                    dst[i + 2] = factor * (src[i + 2] - 1);
                }
            }
        });
    }
}
