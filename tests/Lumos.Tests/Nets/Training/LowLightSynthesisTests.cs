using Lumos.Nets.Training;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Training;

public sealed class LowLightSynthesisTests
{
    private static Tensor Normal()
    {
        manual_seed(2);
        return 0.2f + 0.7f * rand(2, 3, 32, 40);
    }

    [Fact]
    public void Low_light_synthesis_is_deterministic_for_a_seed_and_varies_across_seeds()
    {
        using var scope = NewDisposeScope();
        var normal = Normal();
        var synthesis = new LowLightSynthesis(new LowLightSynthesisOptions { GaussianSigma = 0.01 });
        var first = synthesis.Darken(normal, 42);
        Assert.True(first.allclose(synthesis.Darken(normal, 42), rtol: 0, atol: 0));
        Assert.False(first.allclose(synthesis.Darken(normal, 43), rtol: 0, atol: 0));
    }

    [Fact]
    public void Low_light_synthesis_darkens_within_the_gamma_range_and_stays_in_unit_range()
    {
        using var scope = NewDisposeScope();
        var normal = Normal();
        var low = new LowLightSynthesis(new LowLightSynthesisOptions()).Darken(normal, 7);
        Assert.Equal(normal.shape, low.shape);
        Assert.True(low.min().item<float>() >= 0 && low.max().item<float>() <= 1);
        for (int i = 0; i < 2; i++)
        {
            double mean = low[i].mean().item<float>();
            // Shot noise is zero-mean, so the mean lies between the γ = 3.5 and γ = 2 darkenings.
            Assert.InRange(mean, normal[i].pow(3.5).mean().item<float>() - 0.01, normal[i].pow(2).mean().item<float>() + 0.01);
            Assert.True(mean < 0.6 * normal[i].mean().item<float>());
        }
    }

    [Fact]
    public void Low_light_synthesis_without_noise_is_a_pure_power_law()
    {
        using var scope = NewDisposeScope();
        var normal = Normal();
        var low = new LowLightSynthesis(new LowLightSynthesisOptions { GammaMin = 2.5, GammaMax = 2.5, PoissonPeak = 0 }).Darken(normal, 1);
        Assert.True(low.allclose(normal.pow(2.5), atol: 1e-6));
    }

    [Fact]
    public void Low_light_synthesis_shot_noise_variance_follows_the_poisson_peak()
    {
        // Poisson(λ)/peak with λ = 0.25·200 = 50 has variance 50/200² = 1.25e-3.
        using var scope = NewDisposeScope();
        var flat = full(1, 3, 64, 64, 0.5f);
        var low = new LowLightSynthesis(new LowLightSynthesisOptions { GammaMin = 2, GammaMax = 2 }).Darken(flat, 9);
        Assert.Equal(0.25, low.mean().item<float>(), 0.003);
        Assert.Equal(1.25e-3, low.var().item<float>(), 1.5e-4);
    }
}
