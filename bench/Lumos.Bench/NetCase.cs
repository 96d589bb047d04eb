using Lumos.Imaging;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Lumos.Bench;

/// <summary>A net to measure.</summary>
/// <param name="Arch">Registered architecture.</param>
/// <param name="Scale">Upscaling factor (1 for the low-light nets).</param>
/// <param name="Options">Architecture options for seeded random weights (a shipped checkpoint brings its own).</param>
/// <param name="Upsampled">The net takes an image already bicubic-upscaled to the output size (SRCNN, VDSR).</param>
/// <param name="Channels">3 for RGB, 1 for Y.</param>
/// <param name="OutputSide">Side of the square output.</param>
internal sealed record NetCase(string Arch, int Scale, object Options, bool Upsampled, int Channels, int OutputSide)
{
    /// <summary>
    /// The net on TorchSharp and as an ONNX model, with the same weights: the shipped checkpoint where there is one
    /// (exported as <c>lumos export</c> does, without libtorch), otherwise seeded He-normal weights, which unlike the
    /// default init keep a deep net's signal alive, so the output comparison means something.
    /// </summary>
    public (nn.Module<Tensor, Tensor> Net, byte[] Model, string Weights) Prepare()
    {
        foreach (var name in new[] { $"{Arch}-x{Scale}", Arch })
        {
            if (!Checkpoint.ShippedNames.Contains(name)) continue;
            var (shipped, _) = Checkpoint.Load(name);
            shipped.eval();
            return (shipped, NetExport.FromCheckpoint(name).Model, $"shipped {name}");
        }
        var net = NetArchs.Registry.Get(Arch).Create(Options);
        using (var generator = new Generator(1))
        using (no_grad())
            foreach (var parameter in net.parameters().Where(p => p.dim() == 4))
            {
                using var scope = NewDisposeScope();
                parameter.copy_(randn(parameter.shape, generator: generator) * Math.Sqrt(2.0 / (parameter.shape[1] * parameter.shape[2] * parameter.shape[3])));
            }
        net.eval();
        return (net, NetExport.FromNet(net, Options).Model, "random weights");
    }

    /// <summary>The seeded random input, as a tensor and as the same values in a planar image.</summary>
    public (Tensor Tensor, PlanarImage Planar) Input()
    {
        int side = Upsampled ? OutputSide : OutputSide / Scale;
        using var generator = new Generator(1);
        var input = rand(1, Channels, side, side, generator: generator);
        return (input, new PlanarImage(Channels, side, side, input.data<float>().ToArray()));
    }
}
