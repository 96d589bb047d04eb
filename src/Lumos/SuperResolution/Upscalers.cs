using Lumos.Registry;

namespace Lumos.SuperResolution;

/// <summary>The registry of super-resolution methods in Lumos and its add-on assemblies, looked up by name.</summary>
public static class Upscalers
{
    /// <summary>All registered upscalers.</summary>
    public static ComponentRegistry<IUpscaler> Registry { get; } = ComponentRegistry<IUpscaler>.OfLumosAssemblies("upscaler");
}
