using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>The one registry of quality measures built into Lumos (no-reference and full-reference), looked up by name.</summary>
public static class QualityMeasures
{
    /// <summary>All built-in measures.</summary>
    public static ComponentRegistry<IMeasure> Registry { get; } = ComponentRegistry<IMeasure>.OfLumosAssemblies("measure");

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

    /// <summary>Runs each of <paramref name="measures"/> as <see cref="TryMeasure"/> does, in the order given.</summary>
    /// <param name="measures">The measures.</param>
    /// <param name="image">The image measured.</param>
    /// <param name="reference">What full-reference measures compare with, or null.</param>
    /// <param name="settings">Each measure's parameters (e.g. psnr's channel=y); null builds every one with its defaults.</param>
    /// <exception cref="LumosException">A parameter a measure does not take, or out of its range.</exception>
    public static IReadOnlyList<MeasureReading> MeasureAll(IEnumerable<ComponentInfo<IMeasure>> measures, Mat image, Mat? reference,
        Func<ComponentInfo<IMeasure>, IEnumerable<KeyValuePair<string, string>>>? settings = null) =>
        measures.Select(info =>
        {
            var measure = settings is null ? info.Create() : info.Create(settings(info));
            var (value, error) = TryMeasure(measure, image, reference);
            return new MeasureReading(info, measure, value, error);
        }).ToArray();

    /// <summary>
    /// The measures to run: those named in <paramref name="names"/> (comma-separated), else every one that applies —
    /// the full-reference ones only when <paramref name="withReference"/>.
    /// </summary>
    /// <exception cref="LumosException">An unknown name, an empty list, or a full-reference measure without a reference.</exception>
    public static IReadOnlyList<ComponentInfo<IMeasure>> Choose(string? names, bool withReference)
    {
        if (names is null) return withReference ? Registry.All : [.. NoReference];
        var named = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Registry.Get).ToArray();
        if (named.Length == 0) throw new LumosException("no measure named");
        var needsReference = named.FirstOrDefault(m => typeof(IReferenceMeasure).IsAssignableFrom(m.Type));
        if (!withReference && needsReference is not null)
            throw LumosException.Usage($"{needsReference.Name} compares with a reference image, and none was given");
        return named;
    }

    /// <summary>Checks that two images can be compared by full-reference measures (same size and depth).</summary>
    /// <exception cref="LumosException">They cannot, with the reason.</exception>
    public static void CheckComparable(Mat image, Mat reference) => MeasureInput.CheckPair(image, reference);
}

/// <summary>One measure's result on one image (or pair).</summary>
/// <param name="Info">The measure's registration: name and summary.</param>
/// <param name="Measure">The measure that ran (its <see cref="IMeasure.Goal"/> says which way is better).</param>
/// <param name="Value">The value, or null when the measure is undefined here.</param>
/// <param name="Error">Why the value is null, or null.</param>
public sealed record MeasureReading(ComponentInfo<IMeasure> Info, IMeasure Measure, double? Value, string? Error);
