using Lumos.Registry;

namespace Lumos.Measures;

/// <summary>The one registry of quality measures built into Lumos (no-reference and full-reference), looked up by name.</summary>
public static class QualityMeasures
{
    /// <summary>All built-in measures.</summary>
    public static ComponentRegistry<IMeasure> Registry { get; } = new("measure", typeof(QualityMeasures).Assembly);

    /// <summary>The registered no-reference measures.</summary>
    public static IEnumerable<ComponentInfo<IMeasure>> NoReference => Registry.All.Where(m => typeof(IImageMeasure).IsAssignableFrom(m.Type));

    /// <summary>The registered full-reference measures.</summary>
    public static IEnumerable<ComponentInfo<IMeasure>> FullReference => Registry.All.Where(m => typeof(IReferenceMeasure).IsAssignableFrom(m.Type));
}
