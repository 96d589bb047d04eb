using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>
/// Lightness order error (Wang, Zheng, Hu &amp; Li 2013, eqs. 19–21): with lightness L = max(R, G, B), the mean
/// over pixels x of how many pixels y swap order, U(L(x), L(y)) ⊕ U(Le(x), Le(y)) with U(a, b) = [a ≥ b].
/// Unlike the other full-reference measures it compares with the low-light INPUT, not a ground truth:
/// <c>image</c> is the enhanced result Le and <c>reference</c> the input L it was made from. 0 when the
/// enhancement keeps every lightness order. As in the paper, both are first downsampled so the smaller side is
/// 50 (area averaging; images already that small are used as they are), which keeps the pair count near 2500².
/// </summary>
[Registered("loe", "lightness order error against the low-light INPUT (0 when order is kept)",
    Citation = "Wang, Zheng, Hu & Li, Naturalness preserved enhancement of non-uniform illumination images, IEEE TIP 22(9), 2013")]
public sealed class Loe : IReferenceMeasure
{
    private const int DownsampledSide = 50;

    /// <inheritdoc />
    public MeasureGoal Goal => MeasureGoal.Lower;

    /// <inheritdoc />
    public bool ReferenceIsInput => true;

    /// <summary>Lightness order error of <paramref name="image"/> (the enhanced result) against <paramref name="reference"/> (its low-light input).</summary>
    /// <exception cref="LumosException">The images differ in size or depth.</exception>
    public double Measure(Mat image, Mat reference)
    {
        MeasureInput.CheckPair(image, reference);
        double[] enhanced = Lightness(image), input = Lightness(reference);
        var flips = new long[input.Length];
        Parallel.For(0, input.Length, i =>
        {
            double l = input[i], le = enhanced[i];
            long count = 0;
            for (int j = 0; j < input.Length; j++)
                if ((l >= input[j]) != (le >= enhanced[j])) count++;
            flips[i] = count;
        });
        return flips.Sum() / (double)input.Length;
    }

    /// <summary>max(R, G, B) on the stored scale, downsampled by 50 / min(rows, cols) when that is below 1.</summary>
    private static double[] Lightness(Mat image)
    {
        using var bgr = MeasureInput.Bgr(image);
        var planes = bgr.Split();
        using var max = new Mat();
        try
        {
            Cv2.Max(planes[0], planes[1], max);
            Cv2.Max(max, planes[2], max);
        }
        finally { foreach (var p in planes) p.Dispose(); }

        using var wide = new Mat();
        max.ConvertTo(wide, MatType.CV_64F);
        double scale = DownsampledSide / (double)Math.Min(image.Rows, image.Cols);
        using var small = new Mat();
        if (scale < 1)
        {
            // MATLAB round (half away from zero), as the paper's code sizes imresize.
            var size = new Size(Math.Round(image.Cols * scale, MidpointRounding.AwayFromZero), Math.Round(image.Rows * scale, MidpointRounding.AwayFromZero));
            Cv2.Resize(wide, small, size, 0, 0, InterpolationFlags.Area);
        }
        else wide.CopyTo(small);
        small.GetArray(out double[] values);
        return values;
    }
}
