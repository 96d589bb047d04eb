using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>Options of <see cref="Psnr"/>.</summary>
public sealed record PsnrOptions
{
    /// <summary>Planes compared: all colour channels (MSE over every sample) or BasicSR/MATLAB Y.</summary>
    [Description("planes compared: rgb (MSE over all samples) or y (BT.601 Y as MATLAB rgb2ycbcr / BasicSR)")]
    public MeasureChannel Channel { get; init; } = MeasureChannel.Rgb;

    /// <summary>Pixels removed at each side before comparing (super-resolution papers crop the scale factor).</summary>
    [Description("pixels removed at each side before comparing"), Range(0, 10000)]
    public int CropBorder { get; init; }
}

/// <summary>
/// Peak signal-to-noise ratio 10·log10(R² / MSE) in dB, with R = 255 or 65535 from the bit depth, as
/// skimage.metrics.peak_signal_noise_ratio. Identical images give +∞ (<see cref="double.PositiveInfinity"/>):
/// writers of JSON must allow named floating-point literals.
/// </summary>
[Registered("psnr", "peak signal-to-noise ratio in dB (+inf when identical)",
    Citation = "Gonzalez & Woods, Digital Image Processing, 4th ed.; Y and crop as BasicSR calculate_psnr")]
public sealed class Psnr(PsnrOptions options) : IReferenceMeasure
{
    /// <inheritdoc />
    public MeasureGoal Goal => MeasureGoal.Higher;

    /// <inheritdoc />
    public double Measure(Mat image, Mat reference)
    {
        double range = Pixels.MaxValue(image);
        // Planes have equal sizes, so the mean of their MSEs is the MSE over all samples.
        double mse = MeasureInput.PerPlane(image, reference, options.Channel, options.CropBorder,
            (x, y) => Cv2.Norm(x, y, NormTypes.L2SQR) / x.Total()).Average();
        return 10 * Math.Log10(range * range / mse);
    }
}
