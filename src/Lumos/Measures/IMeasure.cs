using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>Which way a measure improves, so reports can mark the best result.</summary>
public enum MeasureGoal
{
    /// <summary>Descriptive only (brightness, contrast): neither direction is better.</summary>
    None,
    /// <summary>Higher is better (PSNR, SSIM).</summary>
    Higher,
    /// <summary>Lower is better (NIQE, LOE, CIEDE2000).</summary>
    Lower,
}

/// <summary>Words for a <see cref="MeasureGoal"/>, as reports and the API print it.</summary>
public static class MeasureGoals
{
    /// <summary>"higher", "lower", or empty for a descriptive measure.</summary>
    public static string Better(this MeasureGoal goal) => goal switch
    {
        MeasureGoal.Higher => "higher",
        MeasureGoal.Lower => "lower",
        _ => "",
    };
}

/// <summary>
/// A quality measure. Every measure implements one of <see cref="IImageMeasure"/> (no reference) or
/// <see cref="IReferenceMeasure"/> (compares with a ground truth), and all live in one registry,
/// <see cref="QualityMeasures.Registry"/>.
/// </summary>
public interface IMeasure
{
    /// <summary>Which way the measure improves.</summary>
    MeasureGoal Goal => MeasureGoal.None;
}

/// <summary>
/// A no-reference measure of one image (brightness, contrast, entropy, NIQE, ...): a single number
/// computed from the image alone.
/// </summary>
public interface IImageMeasure : IMeasure
{
    /// <summary>Measures an 8- or 16-bit image with 1 (grey), 3 (BGR) or 4 (BGRA) channels; alpha is ignored.</summary>
    /// <param name="image">The image; never modified.</param>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle.</exception>
    double Measure(Mat image);
}

/// <summary>A full-reference measure: compares a result with its ground truth of the same size.</summary>
public interface IReferenceMeasure : IMeasure
{
    /// <summary>Measures <paramref name="image"/> against <paramref name="reference"/> (same size and channels).</summary>
    /// <exception cref="LumosException">The images differ in size or layout.</exception>
    double Measure(Mat image, Mat reference);

    /// <summary>
    /// True when the reference is the method's input rather than a ground truth (LOE compares the
    /// lightness order of the result with that of the input), so it also works on unpaired data.
    /// </summary>
    bool ReferenceIsInput => false;
}
