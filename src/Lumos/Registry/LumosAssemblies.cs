using System.Reflection;

namespace Lumos.Registry;

/// <summary>
/// The assemblies registries scan: Lumos itself, every <c>Lumos.*.dll</c> beside the application (e.g.
/// <c>Lumos.Nets</c> with the deep methods), so an add-on assembly registers its methods and measures just by being
/// deployed, and every assembly given to <see cref="Add"/>. A single-file or trimmed application has no assembly
/// files to find, so it names its add-ons: <c>LumosAssemblies.Add(typeof(Lumos.Nets.LumosNet).Assembly)</c>.
/// </summary>
public static class LumosAssemblies
{
    private static readonly Lock Gate = new();
    private static readonly List<Assembly> Added = [];
    private static readonly List<Action<Assembly>> Listeners = [];

    /// <summary>
    /// Registers the components of <paramref name="assembly"/> in every Lumos registry, those already built included.
    /// Adding an assembly again, or one the folder scan already found, changes nothing.
    /// </summary>
    public static void Add(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        Action<Assembly>[] listeners;
        lock (Gate)
        {
            if (Added.Contains(assembly)) return;
            Added.Add(assembly);
            listeners = [.. Listeners];
        }
        foreach (var listener in listeners) listener(assembly);
    }

    /// <summary>Lumos, the Lumos add-on assemblies found beside the application and those added, in a stable order.</summary>
    public static Assembly[] Find()
    {
        var core = typeof(LumosAssemblies).Assembly;
        var found = new List<Assembly> { core };
        var folder = AppContext.BaseDirectory;
        foreach (var file in Directory.EnumerateFiles(folder, "Lumos.*.dll").Order(StringComparer.Ordinal))
        {
            var assembly = TryLoad(file);
            if (assembly is not null && assembly != core && assembly.GetReferencedAssemblies().Any(r => r.Name == core.GetName().Name))
                found.Add(assembly);
        }
        lock (Gate) found.AddRange(Added);
        return [.. found.Distinct()];
    }

    /// <summary>Calls <paramref name="listener"/> with every assembly added from now on.</summary>
    internal static void OnAdded(Action<Assembly> listener)
    {
        lock (Gate) Listeners.Add(listener);
    }

    /// <summary>Loads an assembly the application can resolve; one it cannot (not in its dependency graph) is skipped.</summary>
    private static Assembly? TryLoad(string file)
    {
        try
        {
            var name = AssemblyName.GetAssemblyName(file);
            return AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name))
                ?? Assembly.Load(name);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException) { return null; }
    }
}
