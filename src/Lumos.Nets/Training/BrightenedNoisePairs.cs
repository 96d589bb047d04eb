using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>
/// A denoiser's training data for low-light work: each clean crop is shot dark with the low-light noise model
/// (k·x^γ, Poisson–Gaussian noise, as <see cref="LowLightPairOptions"/> draws it for PairLIE), then brightened back by
/// the exact inverse of its own darkening, (low / k)^(1/γ). The input is that brightened shot, noise amplified in the
/// dark parts as any brightening method amplifies it; the truth is the clean crop.
/// </summary>
/// <param name="options">The darkening and noise model.</param>
public sealed class BrightenedNoisePairs(LowLightPairOptions options) : IPairSource
{
    /// <inheritdoc />
    public string Description => $"low-light shots ({options.Describe()}) brightened back by (low/k)^(1/γ), against the clean crop";

    /// <inheritdoc />
    public (Tensor Input, Tensor Truth) Pairs(IReadOnlyList<Mat> crops, Random random)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(unchecked((ulong)random.NextInt64()));
        var clean = cat(crops.Select(TensorBridge.ToTensor).ToList(), 0);
        var gamma = options.DrawGamma(clean.shape[0], generator);
        var exposure = options.DrawExposure(clean.shape[0], generator);
        var shot = options.Shoot(clean, gamma, exposure, generator);
        var brightened = (shot / exposure).clamp(0.0, 1.0).pow(1 / gamma);
        return (brightened.MoveToOuterDisposeScope(), clean.MoveToOuterDisposeScope());
    }
}
