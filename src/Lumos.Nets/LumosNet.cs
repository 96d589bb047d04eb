using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets;

/// <summary>
/// Base of Lumos's nets: building one first makes libtorch's convolutions correct on this machine
/// (<see cref="TorchRuntime.EnsureCorrect"/>, once per process), so no net computes before the self-check.
/// </summary>
public abstract class LumosNet : Module<Tensor, Tensor>
{
    /// <summary>Names the module and runs the backend self-check if this process has not yet.</summary>
    /// <param name="name">Module name.</param>
    /// <exception cref="LumosException">libtorch's convolutions are wrong and cannot be corrected, or <c>LUMOS_TORCH_ONEDNN</c> is invalid.</exception>
    protected LumosNet(string name) : base(Checked(name)) { }

    // Before the base constructor, whose first call into libtorch would otherwise fail with TorchSharp's own error.
    private static string Checked(string name)
    {
        TorchRuntime.EnsureCorrect();
        return name;
    }
}
