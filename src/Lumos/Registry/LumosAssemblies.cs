using System.Reflection;

namespace Lumos.Registry;

/// <summary>
/// The assemblies registries scan: Lumos itself plus every <c>Lumos.*.dll</c> beside the application
/// (e.g. <c>Lumos.Nets</c> with the deep methods), so an add-on assembly registers its methods and
/// measures just by being deployed; nothing in Lumos has to name it.
/// </summary>
public static class LumosAssemblies
{
    /// <summary>Lumos and the Lumos add-on assemblies found beside the application, in a stable order.</summary>
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
        return [.. found];
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
