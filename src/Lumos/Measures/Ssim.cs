using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>Options of <see cref="Ssim"/>.</summary>
public sealed record SsimOptions
{
    /// <summary>Planes compared: the mean over colour channels or BasicSR/MATLAB Y.</summary>
    [Description("planes compared: rgb (mean over channels) or y (BT.601 Y as MATLAB rgb2ycbcr / BasicSR)")]
    public MeasureChannel Channel { get; init; } = MeasureChannel.Rgb;

    /// <summary>Pixels removed at each side before comparing (super-resolution papers crop the scale factor).</summary>
    [Description("pixels removed at each side before comparing"), Range(0, 10000)]
    public int CropBorder { get; init; }
}

/// <summary>
/// Structural similarity (Wang, Bovik, Sheikh &amp; Simoncelli 2004, eq. 13) exactly as
/// skimage.metrics.structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False):
/// 11×11 Gaussian window (σ 1.5, truncated at 3.5σ), K1 = 0.01, K2 = 0.03, dynamic range from the bit depth,
/// the map averaged after dropping the 5-pixel strip the window overhangs (so the border mode never matters).
/// 1 for identical images.
/// </summary>
[Registered("ssim", "structural similarity, 11x11 Gaussian window (1 when identical)",
    Citation = "Wang, Bovik, Sheikh & Simoncelli, Image quality assessment: from error visibility to structural similarity, IEEE TIP 13(4), 2004")]
public sealed class Ssim(SsimOptions options) : IReferenceMeasure
{
    /// <summary>Side of the Gaussian window: 2·round(3.5σ) + 1 as scipy truncates it.</summary>
    internal const int Window = 11;

    private const double Sigma = 1.5;

    /// <inheritdoc />
    public MeasureGoal Goal => MeasureGoal.Higher;

    /// <inheritdoc />
    public double Measure(Mat image, Mat reference)
    {
        double range = Pixels.MaxValue(image);
        return MeasureInput.PerPlane(image, reference, options.Channel, options.CropBorder, (x, y) =>
        {
            if (x.Width < Window || x.Height < Window)
                throw new LumosException($"ssim needs at least {Window}×{Window} pixels after cropping, got {x.Width}×{x.Height}");
            return Means(x, y, range).Ssim;
        }).Average();
    }

    /// <summary>
    /// Means of the SSIM map l·cs and of the contrast-structure map cs (eq. 13 without / with the luminance
    /// term) of two CV_64F planes, over the pixels at least <see cref="Window"/>/2 from the border.
    /// </summary>
    internal static unsafe (double Ssim, double ContrastStructure) Means(Mat x, Mat y, double dataRange)
    {
        // Float32 filtering is ~4x faster than float64. Shifting both planes by one integer near their mean keeps
        // E[x²] − E[x]² from cancelling badly (variances do not depend on the shift), so this stays within ~1e-6 of float64.
        double offset = Math.Round((Cv2.Mean(x).Val0 + Cv2.Mean(y).Val0) / 2);
        using var xs = Shifted(x, offset);
        using var ys = Shifted(y, offset);
        using var meanX = Blur(xs);
        using var meanY = Blur(ys);
        using var meanXX = Blur(xs, xs);
        using var meanYY = Blur(ys, ys);
        using var meanXY = Blur(xs, ys);
        double c1 = Math.Pow(0.01 * dataRange, 2), c2 = Math.Pow(0.03 * dataRange, 2);
        const int pad = Window / 2;
        int rows = x.Rows - 2 * pad, cols = x.Cols - 2 * pad;
        var ssimRows = new double[rows];
        var csRows = new double[rows];
        Parallel.For(0, rows, r =>
        {
            int row = r + pad;
            float* ux = (float*)meanX.Ptr(row), uy = (float*)meanY.Ptr(row);
            float* uxx = (float*)meanXX.Ptr(row), uyy = (float*)meanYY.Ptr(row), uxy = (float*)meanXY.Ptr(row);
            double ssimSum = 0, csSum = 0;
            for (int c = pad; c < pad + cols; c++)
            {
                double sx = ux[c], sy = uy[c], mx = sx + offset, my = sy + offset;
                double cs = (2 * (uxy[c] - sx * sy) + c2) / (uxx[c] - sx * sx + uyy[c] - sy * sy + c2);
                ssimSum += (2 * mx * my + c1) / (mx * mx + my * my + c1) * cs;
                csSum += cs;
            }
            ssimRows[r] = ssimSum;
            csRows[r] = csSum;
        });
        double count = (double)rows * cols;
        return (ssimRows.Sum() / count, csRows.Sum() / count);
    }

    private static Mat Shifted(Mat plane, double offset)
    {
        var shifted = new Mat();
        plane.ConvertTo(shifted, MatType.CV_32F, 1, -offset);
        return shifted;
    }

    /// <summary>Gaussian-weighted local mean of <paramref name="a"/> (times <paramref name="b"/> when given).</summary>
    private static Mat Blur(Mat a, Mat? b = null)
    {
        var result = new Mat();
        if (b is not null) Cv2.Multiply(a, b, result);
        // scipy's mode='reflect' is OpenCV's BORDER_REFLECT; the border strip is dropped anyway.
        Cv2.GaussianBlur(b is null ? a : result, result, new Size(Window, Window), Sigma, Sigma, BorderTypes.Reflect);
        return result;
    }
}
