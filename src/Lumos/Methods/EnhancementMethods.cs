using Lumos.Registry;

namespace Lumos.Methods;

/// <summary>The registry of enhancement methods built into Lumos, looked up by name.</summary>
public static class EnhancementMethods
{
    /// <summary>All built-in enhancement methods.</summary>
    public static ComponentRegistry<IEnhancementMethod> Registry { get; } = ComponentRegistry<IEnhancementMethod>.OfLumosAssemblies("method");
}
