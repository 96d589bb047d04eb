using Lumos.Registry;

namespace Lumos.Measures;

/// <summary>The registry of no-reference image measures built into Lumos, looked up by name.</summary>
public static class ImageMeasures
{
    /// <summary>All built-in image measures.</summary>
    public static ComponentRegistry<IImageMeasure> Registry { get; } = new("measure", typeof(ImageMeasures).Assembly);
}
