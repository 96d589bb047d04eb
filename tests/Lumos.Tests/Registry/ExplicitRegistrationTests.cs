using Lumos.Methods;
using Lumos.Registry;

namespace Lumos.Tests.Registry;

/// <summary>
/// Registration by name of the assembly, beside the folder scan: what a single-file or trimmed application uses
/// (the package test publishes one single-file and runs a net through it).
/// </summary>
public sealed class ExplicitRegistrationTests
{
    private static readonly System.Reflection.Assembly Core = typeof(EnhancementMethods).Assembly;
    private static readonly System.Reflection.Assembly Nets = typeof(Lumos.Nets.LumosNet).Assembly;

    [Fact]
    public void A_registry_takes_an_added_assembly_once()
    {
        var registry = new ComponentRegistry<IEnhancementMethod>("method", Core);
        Assert.True(registry.Contains("lime"));
        Assert.False(registry.Contains("zerodce"));

        registry.Add(Nets);
        registry.Add(Nets); // again: no "registered twice" error
        Assert.True(registry.Contains("zerodce"));
        Assert.Equal(registry.All.Select(c => c.Name).Distinct().Count(), registry.All.Count);
        Assert.IsAssignableFrom<IEnhancementMethod>(registry.Create("zerodce"));
    }

    [Fact]
    public void Added_assemblies_are_found_and_reach_every_registry_built_on_them()
    {
        var extra = typeof(FactAttribute).Assembly; // no Lumos component in it, and not beside the app as Lumos.*.dll
        LumosAssemblies.Add(extra);
        LumosAssemblies.Add(extra);
        Assert.Single(LumosAssemblies.Find(), a => a == extra);
        Assert.Contains(Nets, LumosAssemblies.Find());
        Assert.True(EnhancementMethods.Registry.Contains("zerodce"));
    }
}
