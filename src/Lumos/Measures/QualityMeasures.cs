using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>The one registry of quality measures built into Lumos (no-reference and full-reference), looked up by name.</summary>
public static class QualityMeasures
{
    /// <summary>All built-in measures.</summary>
    public static ComponentRegistry<IMeasure> Registry { get; } = new("measure", LumosAssemblies.Find());

    /// <summary>The registered no-reference measures.</summary>
    public static IEnumerable<ComponentInfo<IMeasure>> NoReference => Registry.All.Where(m => typeof(IImageMeasure).IsAssignableFrom(m.Type));

    /// <summary>The registered full-reference measures.</summary>
    public static IEnumerable<ComponentInfo<IMeasure>> FullReference => Registry.All.Where(m => typeof(IReferenceMeasure).IsAssignableFrom(m.Type));

    /// <summary>
    /// Runs one measure: no-reference ones on <paramref name="image"/>, full-reference ones against
    /// <paramref name="reference"/>. A measure undefined for this image (NIQE below two 96×96 patches, a
    /// full-reference measure without a reference) gives null and the reason instead of throwing.
    /// </summary>
    public static (double? Value, string? Error) TryMeasure(IMeasure measure, Mat image, Mat? reference)
    {
        try
        {
            return measure switch
            {
                IImageMeasure m => (m.Measure(image), null),
                IReferenceMeasure m when reference is not null => (m.Measure(image, reference), null),
                _ => (null, "needs a reference image"),
            };
        }
        catch (LumosException e) { return (null, e.Message); }
    }

    /// <summary>Checks that two images can be compared by full-reference measures (same size and depth).</summary>
    /// <exception cref="LumosException">They cannot, with the reason.</exception>
    public static void CheckComparable(Mat image, Mat reference) => MeasureInput.CheckPair(image, reference);
}
