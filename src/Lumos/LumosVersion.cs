using System.Reflection;

namespace Lumos;

/// <summary>The version of Lumos, as reports, <c>lumos --version</c> and <c>lumos info --system</c> print it.</summary>
public static class LumosVersion
{
    /// <summary>The informational version without the source-revision suffix, e.g. "0.1.0".</summary>
    public static string Current { get; } =
        typeof(LumosVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";
}
