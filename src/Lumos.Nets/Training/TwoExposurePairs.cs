using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>
/// PairLIE's training data (Fu et al., CVPR 2023, §3.1): two low-light shots of one static scene at different
/// exposures. Each clean crop is one scene: a tone curve x^γ shared by both shots, an exposure scale k drawn per shot,
/// and Poisson–Gaussian noise drawn independently per shot. The "input" is the first shot, the "truth" the second
/// (no normal-light image is ever seen). Every draw comes from the step's generator, so a resumed run continues exactly.
/// </summary>
/// <param name="options">The darkening and noise model.</param>
public sealed class TwoExposurePairs(LowLightPairOptions options) : IPairSource
{
    /// <inheritdoc />
    public string Description => $"two-exposure low-light pairs of one scene: {options.Describe()}, noise independent per shot";

    /// <inheritdoc />
    public (Tensor Input, Tensor Truth) Pairs(IReadOnlyList<Mat> crops, Random random)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(unchecked((ulong)random.NextInt64()));
        var clean = cat(crops.Select(TensorBridge.ToTensor).ToList(), 0);
        var gamma = options.DrawGamma(clean.shape[0], generator);
        var first = options.Shoot(clean, gamma, generator);
        var second = options.Shoot(clean, gamma, generator);
        return (first.MoveToOuterDisposeScope(), second.MoveToOuterDisposeScope());
    }
}
