using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>
/// One low-light shot of each clean crop (tone curve, exposure and Poisson–Gaussian noise as <see cref="TwoExposurePairs"/>
/// draws them) with the clean crop as its ground truth: how a self-supervised low-light objective is validated, since its
/// own training pairs hold no normal-light image to score against.
/// </summary>
/// <param name="options">The darkening and noise model.</param>
public sealed class DarkenedShotPairs(LowLightPairOptions options) : IPairSource
{
    /// <inheritdoc />
    public string Description => $"one low-light shot per crop ({options.Describe()}) against the clean crop";

    /// <inheritdoc />
    public (Tensor Input, Tensor Truth) Pairs(IReadOnlyList<Mat> crops, Random random)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(unchecked((ulong)random.NextInt64()));
        var clean = cat(crops.Select(TensorBridge.ToTensor).ToList(), 0);
        var shot = options.Shoot(clean, options.DrawGamma(clean.shape[0], generator), generator);
        return (shot.MoveToOuterDisposeScope(), clean.MoveToOuterDisposeScope());
    }
}
