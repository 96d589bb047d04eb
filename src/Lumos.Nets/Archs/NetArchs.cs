using Lumos.Registry;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Archs;

/// <summary>
/// The registry of network architectures, looked up by name like the method registry: each architecture is one
/// file, a <c>Module&lt;Tensor, Tensor&gt;</c> marked <see cref="RegisteredAttribute"/> with an options record.
/// </summary>
public static class NetArchs
{
    /// <summary>All registered architectures.</summary>
    public static ComponentRegistry<Module<Tensor, Tensor>> Registry { get; } = ComponentRegistry<Module<Tensor, Tensor>>.OfLumosAssemblies("net");

    /// <summary>The registry name of <paramref name="net"/>'s architecture.</summary>
    /// <exception cref="LumosException">The net's type is not registered.</exception>
    public static ComponentInfo<Module<Tensor, Tensor>> InfoOf(Module<Tensor, Tensor> net) =>
        Registry.All.FirstOrDefault(i => i.Type == net.GetType())
        ?? throw new LumosException($"{net.GetType().Name} is not a registered net architecture");

    /// <summary>Number of trainable parameters.</summary>
    public static long ParameterCount(Module net) => net.parameters().Sum(p => p.numel());
}
