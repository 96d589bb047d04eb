using Lumos.Nets.Archs;

namespace Lumos.Tests.Nets.Archs;

public sealed class NetArchRegistryTests
{
    public static TheoryData<string> ArchNames()
    {
        var data = new TheoryData<string>();
        foreach (var arch in NetArchs.Registry.All) data.Add(arch.Name);
        return data;
    }

    [Theory, MemberData(nameof(ArchNames))]
    public void Every_registered_arch_builds_from_its_defaults_and_is_found_by_its_name(string name)
    {
        using var net = NetArchs.Registry.Create(name);
        Assert.IsType(NetArchs.Registry.Get(name).Type, net);
        Assert.Equal(name, NetArchs.InfoOf(net).Name);
        Assert.True(NetArchs.ParameterCount(net) > 0);
    }
}
