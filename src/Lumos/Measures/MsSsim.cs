using System.ComponentModel;
using Lumos.Imaging;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>Options of <see cref="MsSsim"/>.</summary>
public sealed record MsSsimOptions
{
    /// <summary>Planes compared: BasicSR/MATLAB Y (as the grey original) or the mean over colour channels.</summary>
    [Description("planes compared: y (BT.601 Y as MATLAB rgb2ycbcr / BasicSR) or rgb (mean over channels)")]
    public MeasureChannel Channel { get; init; } = MeasureChannel.Y;
}

/// <summary>
/// Multi-scale SSIM (Wang, Simoncelli &amp; Bovik 2003, eq. 7) with the conventions of the authors' msssim.m and
/// tf.image.ssim_multiscale: 5 scales with weights (0.0448, 0.2856, 0.3001, 0.2363, 0.1333); at each scale the
/// <see cref="Ssim"/> window (11×11 Gaussian, σ 1.5, K1 0.01, K2 0.03) over the pixels it fully covers; the mean
/// contrast-structure term at scales 1–4 and the mean SSIM (luminance·cs) at scale 5; 2×2 averaging between
/// scales, repeating the last row/column of an odd size as msssim.m does (TensorFlow pads the first instead).
/// Negative means count as 0 like TensorFlow's, so the result stays real. 1 for identical images; needs
/// 176 pixels a side (the window at 1/16 size).
/// </summary>
[Registered("ms-ssim", "multi-scale structural similarity over 5 scales (1 when identical)",
    Citation = "Wang, Simoncelli & Bovik, Multiscale structural similarity for image quality assessment, Asilomar 2003")]
public sealed class MsSsim(MsSsimOptions options) : IReferenceMeasure
{
    private static readonly double[] Weights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

    /// <summary>Smallest side: the window must fit the fifth scale, 1/16 of the original.</summary>
    private const int MinSide = Ssim.Window * 16;

    /// <inheritdoc />
    public MeasureGoal Goal => MeasureGoal.Higher;

    /// <inheritdoc />
    public double Measure(Mat image, Mat reference)
    {
        double range = Pixels.MaxValue(image);
        return MeasureInput.PerPlane(image, reference, options.Channel, 0, (x, y) =>
        {
            if (x.Width < MinSide || x.Height < MinSide)
                throw new LumosException($"ms-ssim needs at least {MinSide}×{MinSide} pixels (an {Ssim.Window}-pixel window at 1/16 size), got {x.Width}×{x.Height}");
            return OnPlanes(x, y, range);
        }).Average();
    }

    private static double OnPlanes(Mat x, Mat y, double range)
    {
        double result = 1;
        Mat a = x, b = y;
        try
        {
            for (int scale = 0; scale < Weights.Length; scale++)
            {
                var (ssim, cs) = Ssim.Means(a, b, range);
                bool last = scale == Weights.Length - 1;
                result *= Math.Pow(Math.Max(last ? ssim : cs, 0), Weights[scale]);
                if (last) break;
                Replace(ref a, Halve(a), x);
                Replace(ref b, Halve(b), y);
            }
            return result;
        }
        finally
        {
            if (!ReferenceEquals(a, x)) a.Dispose();
            if (!ReferenceEquals(b, y)) b.Dispose();
        }
    }

    /// <summary>Moves <paramref name="plane"/> to <paramref name="next"/>, disposing the old one unless it is the caller's.</summary>
    private static void Replace(ref Mat plane, Mat next, Mat callers)
    {
        if (!ReferenceEquals(plane, callers)) plane.Dispose();
        plane = next;
    }

    /// <summary>2×2 block means; an odd last row/column is averaged with itself (msssim.m: imfilter 'symmetric', then 1:2:end).</summary>
    private static Mat Halve(Mat plane)
    {
        using var padded = new Mat();
        Cv2.CopyMakeBorder(plane, padded, 0, plane.Rows % 2, 0, plane.Cols % 2, BorderTypes.Reflect);
        var half = new Mat();
        Cv2.Resize(padded, half, new Size(padded.Cols / 2, padded.Rows / 2), 0, 0, InterpolationFlags.Area);
        return half;
    }
}
