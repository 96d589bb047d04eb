using Lumos.Nets.Layers;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Tests.Nets.Layers;

public sealed class FewOutputConv2dTests
{
    private static double RelativeError(Tensor actual, Tensor expected) =>
        (actual.to(float64) - expected).abs().max().item<double>() / expected.abs().max().item<double>();

    [Theory]
    [InlineData(64, 3, 9, 4)] // SRResNet's tail
    [InlineData(32, 1, 5, 2)] // SRCNN's reconstruction
    [InlineData(64, 1, 3, 1)] // VDSR's and Retinex-Net's last layer
    [InlineData(8, 3, 3, 0)]  // unpadded (PairLIE pads by reflection first)
    [InlineData(6, 2, 4, 3)]  // even kernel, padding k - 1
    public void Output_and_gradients_match_a_float64_convolution(int inChannels, int outChannels, int kernel, int padding)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var layer = new FewOutputConv2d(inChannels, outChannels, kernel, padding);
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var input = randn(2, inChannels, 23, 17).requires_grad_(true);
        var y = layer.forward(input);
        var upstream = randn(y.shape);
        (y * upstream).sum().backward();

        var input64 = input.detach().to(float64).requires_grad_(true);
        var weight64 = parameters["weight"].detach().to(float64).requires_grad_(true);
        var bias64 = parameters["bias"].detach().to(float64).requires_grad_(true);
        var expected = functional.conv2d(input64, weight64, bias64, padding: [padding, padding]);
        (expected * upstream.to(float64)).sum().backward();

        Assert.Equal(expected.shape, y.shape);
        Assert.InRange(RelativeError(y, expected), 0, 1e-5);
        Assert.InRange(RelativeError(input.grad!, input64.grad!), 0, 1e-5);
        Assert.InRange(RelativeError(parameters["weight"].grad!, weight64.grad!), 0, 1e-5);
        Assert.InRange(RelativeError(parameters["bias"].grad!, bias64.grad!), 0, 1e-5);
    }

    [Fact]
    public void It_is_a_drop_in_for_Conv2d_same_names_shapes_and_initial_weights()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        using var conv = Conv2d(64, 3, 9, padding: 4);
        manual_seed(11);
        using var layer = new FewOutputConv2d(64, 3, 9, padding: 4);
        var expected = conv.state_dict();
        var actual = layer.state_dict();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, tensor) in expected) Assert.True(tensor.equal(actual[name]).all().item<bool>(), name);
    }
}
