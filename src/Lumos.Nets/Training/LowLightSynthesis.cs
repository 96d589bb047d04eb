using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>Options of <see cref="LowLightSynthesis"/>; defaults follow the MBLLEN paper's synthetic data (§4.1).</summary>
public sealed record LowLightSynthesisOptions
{
    /// <summary>Smallest darkening exponent γ of low = normal^γ.</summary>
    [Description("smallest darkening exponent gamma (low = normal^gamma)"), Range(1.0, 10.0)]
    public double GammaMin { get; init; } = 2.0;

    /// <summary>Largest darkening exponent γ; each image draws γ uniformly from [min, max].</summary>
    [Description("largest darkening exponent gamma"), Range(1.0, 10.0)]
    public double GammaMax { get; init; } = 3.5;

    /// <summary>Photon count of full white for the Poisson (shot) noise; 0 disables it.</summary>
    [Description("photons at full white for Poisson shot noise (0: none)"), Range(0.0, 1e6)]
    public double PoissonPeak { get; init; } = 200;

    /// <summary>Standard deviation of additive Gaussian (read) noise on [0, 1]; 0 (the paper's recipe) disables it.</summary>
    [Description("std of additive Gaussian read noise on [0,1] (0: none)"), Range(0.0, 0.5)]
    public double GaussianSigma { get; init; } = 0;
}

/// <summary>
/// Synthetic low-light images from normal ones, MBLLEN's recipe (Lv et al., BMVC 2018, §4.1; the official
/// repository ships no generation code): a random gamma darkening low = normal^γ, γ ~ U(2, 3.5) per image,
/// then Poisson shot noise at peak 200 (Poisson(low·peak)/peak) and optional Gaussian read noise, clipped
/// to [0, 1]. Deterministic for a given generator state or seed.
/// </summary>
public sealed class LowLightSynthesis(LowLightSynthesisOptions options)
{
    /// <summary>Darkens (N, 3, H, W) RGB images in [0, 1] with a generator seeded by <paramref name="seed"/>.</summary>
    public Tensor Darken(Tensor normal, long seed)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        return Darken(normal, generator);
    }

    /// <summary>Darkens (N, 3, H, W) RGB images in [0, 1], drawing γ and noise from <paramref name="generator"/>.</summary>
    public Tensor Darken(Tensor normal, Generator generator)
    {
        using var scope = NewDisposeScope();
        var gamma = options.GammaMin + (options.GammaMax - options.GammaMin) * rand([normal.shape[0], 1, 1, 1], generator: generator);
        var low = normal.clamp(0.0, 1.0).pow(gamma);
        if (options.PoissonPeak > 0) low = poisson(low * options.PoissonPeak, generator) / options.PoissonPeak;
        if (options.GaussianSigma > 0) low = low + options.GaussianSigma * randn(low.shape, generator: generator);
        return low.clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }
}
