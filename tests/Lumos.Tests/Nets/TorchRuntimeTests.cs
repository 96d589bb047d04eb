using Lumos.Nets;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_in_the_test_output_despite_the_older_system_libstdcxx()
    {
        Assert.StartsWith("2.10", TorchRuntime.Version());
        using var scope = NewDisposeScope();
        var sum = (ones(2, 3) * 2).sum().item<float>();
        Assert.Equal(12f, sum);
    }
}
