using System.ComponentModel;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="HistogramEqualization"/>.</summary>
public sealed record HistogramEqualizationOptions
{
    /// <summary>Channel the equalization acts on.</summary>
    [Description("channel the equalization acts on")]
    public ToneChannel Channel { get; init; } = ToneChannel.Y;
}

/// <summary>
/// Global histogram equalization: each level maps through the cumulative histogram,
/// T(r_k) = (L−1)·Σ_{j≤k} p(r_j) (Gonzalez &amp; Woods eq. 3-15), in OpenCV's equalizeHist form
/// (cdf − cdf_min)/(N − cdf_min) so that the darkest level maps to 0 and 8-bit results match
/// <c>cv2.equalizeHist</c> bit for bit. 16-bit planes use 65536 bins.
/// </summary>
[Registered("he", "global histogram equalization", Citation = "Gonzalez & Woods, Digital Image Processing, 4th ed., §3.3.1, eq. 3-15")]
public sealed class HistogramEqualization(HistogramEqualizationOptions options) : FrameStatisticsMethod, ILumaMethod
{
    /// <inheritdoc />
    public bool ActsOnLumaOnly => options.Channel == ToneChannel.Y;

    /// <inheritdoc />
    /// <remarks>
    /// The statistics are the mapping T(r) itself (one per equalized plane): a video averages the curves, the
    /// temporally coherent HE of video enhancement, so a bright object entering does not re-map the whole frame at once.
    /// </remarks>
    public override void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics) => Luminance.ApplyLut(bgr, options.Channel, histogram =>
        Array.ConvertAll(statistics(Array.ConvertAll(Lut<ushort>(histogram), v => (double)v)), v => (ushort)Math.Clamp(Math.Round(v), 0, histogram.Length - 1)), destination);

    /// <summary>Equalizes one 8- or 16-bit plane; a constant plane is returned unchanged.</summary>
    public static Mat Equalize(Mat plane)
    {
        return ToneCurve.ApplyLut(plane, Lut<ushort>(LevelCounts.Of(plane)));
    }

    private static T[] Lut<T>(long[] histogram) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        int bins = histogram.Length, first = 0;
        while (histogram[first] == 0) first++;
        long total = 0;
        foreach (var count in histogram) total += count;
        var lut = new T[bins];
        if (histogram[first] == total)
        {
            for (int i = 0; i < bins; i++) lut[i] = T.CreateTruncating(i);
            return lut;
        }
        // Single-precision scale and round-half-even, exactly as OpenCV's equalizeHist computes it.
        float scale = (bins - 1f) / (total - histogram[first]);
        long sum = 0;
        for (int i = first + 1; i < bins; i++)
        {
            sum += histogram[i];
            lut[i] = T.CreateTruncating((int)Math.Clamp(MathF.Round(sum * scale), 0, bins - 1));
        }
        return lut;
    }
}
