using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>
/// MBLLEN's synthetic pairs (Lv et al., §4.1): the input is the crop darkened by <see cref="LowLightSynthesis"/>
/// (gamma, scale, Poisson–Gaussian noise), the ground truth the clean crop. Its noise comes from a torch generator
/// the objective seeds once, so a run is reproducible.
/// </summary>
/// <param name="synthesis">The darkening and noise model.</param>
public sealed class SynthesisPairs(LowLightSynthesis synthesis) : IPairSource, IDisposable
{
    private Generator noise = new(0);

    /// <inheritdoc />
    public string Description => "synthetic low light: gamma, scale and Poisson–Gaussian noise (MBLLEN §4.1)";

    /// <summary>Restarts the noise from <paramref name="seed"/>.</summary>
    public void Seed(ulong seed)
    {
        noise.Dispose();
        noise = new Generator(seed);
    }

    /// <inheritdoc />
    public (Tensor Input, Tensor Truth) Pairs(IReadOnlyList<Mat> crops, Random random)
    {
        var clean = cat(crops.Select(TensorBridge.ToTensor).ToList(), 0);
        return (synthesis.Darken(clean, noise), clean);
    }

    /// <inheritdoc />
    public void Dispose() => noise.Dispose();
}
