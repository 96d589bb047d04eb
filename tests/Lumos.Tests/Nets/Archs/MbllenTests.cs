using Lumos.Nets.Archs;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Archs;

public sealed class MbllenTests
{
    [Fact]
    public void Mbllen_has_the_450171_parameters_of_the_official_keras_model()
    {
        using var net = new Mbllen(new MbllenOptions());
        Assert.Equal(450_171, net.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Mbllen_keeps_odd_sizes_and_gives_three_non_negative_channels()
    {
        using var net = new Mbllen(new MbllenOptions());
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        manual_seed(1);
        var output = net.forward(rand(2, 3, 37, 53));
        Assert.Equal([2L, 3, 37, 53], output.shape);
        Assert.True(output.min().item<float>() >= 0f);
    }

    [Fact]
    public void Mbllen_accepts_its_minimum_side_and_rejects_smaller()
    {
        var options = new MbllenOptions();
        int side = Mbllen.MinimumSide(options);
        using var net = new Mbllen(options);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Assert.Equal(13, side);
        Assert.Equal([1L, 3, side, side + 4], net.forward(rand(1, 3, side, side + 4)).shape);
        Assert.ThrowsAny<Exception>(() => net.forward(rand(1, 3, side - 1, side)));
    }
}
