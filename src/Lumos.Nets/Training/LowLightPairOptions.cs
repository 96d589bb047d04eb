using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>
/// How a clean crop becomes a low-light exposure for PairLIE's pair sources: a scene tone curve x^γ shared by the
/// pair, an exposure scale k per shot, then Poisson–Gaussian noise drawn independently for each shot.
/// </summary>
public sealed record LowLightPairOptions
{
    /// <summary>Smallest darkening exponent γ (low = k·clean^γ), drawn once per scene.</summary>
    [Description("smallest darkening exponent gamma of the scene (low = k * clean^gamma)"), Range(1.0, 10.0)]
    public double GammaMin { get; init; } = 2.0;

    /// <summary>Largest darkening exponent γ.</summary>
    [Description("largest darkening exponent gamma"), Range(1.0, 10.0)]
    public double GammaMax { get; init; } = 3.5;

    /// <summary>Smallest exposure scale k, drawn per shot.</summary>
    [Description("smallest exposure scale k of a shot"), Range(0.01, 1.0)]
    public double ExposureMin { get; init; } = 0.25;

    /// <summary>Largest exposure scale k.</summary>
    [Description("largest exposure scale k of a shot"), Range(0.01, 1.0)]
    public double ExposureMax { get; init; } = 1.0;

    /// <summary>Photons at full white for the Poisson (shot) noise; 0 disables it.</summary>
    [Description("photons at full white for Poisson shot noise (0: none)"), Range(0.0, 1e6)]
    public double PoissonPeak { get; init; } = 200;

    /// <summary>Standard deviation of the additive Gaussian (read) noise on [0, 1]; 0 disables it.</summary>
    [Description("std of additive Gaussian read noise on [0,1] (0: none)"), Range(0.0, 0.5)]
    public double GaussianSigma { get; init; } = 0.005;

    /// <summary>Text for a checkpoint's record.</summary>
    public string Describe() =>
        $"low = k·x^γ, γ ∈ [{GammaMin}, {GammaMax}] per scene, k ∈ [{ExposureMin}, {ExposureMax}] per shot, Poisson peak {PoissonPeak}, Gaussian σ {GaussianSigma}";

    /// <summary>γ per image of a batch (N×1×1×1).</summary>
    internal Tensor DrawGamma(long batch, Generator generator) => GammaMin + (GammaMax - GammaMin) * rand([batch, 1, 1, 1], generator: generator);

    /// <summary>One shot of each scene: k·clean^γ with a fresh k per image, then independent Poisson–Gaussian noise, clipped to [0, 1].</summary>
    internal Tensor Shoot(Tensor clean, Tensor gamma, Generator generator)
    {
        using var exposure = DrawExposure(clean.shape[0], generator);
        return Shoot(clean, gamma, exposure, generator);
    }

    /// <summary>k per image of a batch (N×1×1×1).</summary>
    internal Tensor DrawExposure(long batch, Generator generator) => ExposureMin + (ExposureMax - ExposureMin) * rand([batch, 1, 1, 1], generator: generator);

    /// <summary>One shot of each scene at the given exposures: k·clean^γ, then Poisson–Gaussian noise, clipped to [0, 1].</summary>
    internal Tensor Shoot(Tensor clean, Tensor gamma, Tensor exposure, Generator generator)
    {
        using var scope = NewDisposeScope();
        var low = clean.clamp(0.0, 1.0).pow(gamma) * exposure;
        if (PoissonPeak > 0) low = poisson(low * PoissonPeak, generator) / PoissonPeak;
        if (GaussianSigma > 0) low = low + GaussianSigma * randn(low.shape, generator: generator);
        return low.clamp(0.0, 1.0).MoveToOuterDisposeScope();
    }
}
