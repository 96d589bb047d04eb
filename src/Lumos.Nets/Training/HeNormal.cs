using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>He-normal initialisation (He et al., ICCV 2015, eq. 10), the SR nets' and DnCNN's: N(0, 2 / fan-in) for convolution weights, zero biases.</summary>
public static class HeNormal
{
    /// <summary>Draws every 4-D (convolution) weight of <paramref name="net"/> from N(0, 2 / fan-in) and zeroes its biases; other parameters (PReLU slopes) keep theirs.</summary>
    public static void Initialise(Module net, Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in net.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (parameter.dim() == 4)
                parameter.copy_(randn(parameter.shape, generator: generator) * Math.Sqrt(2.0 / (parameter.shape[1] * parameter.shape[2] * parameter.shape[3])));
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) parameter.zero_();
        }
    }
}
