namespace Lumos.Ocean;

/// <summary>One FFT cascade: a periodic patch of <see cref="PatchSize"/> metres sampled on a <see cref="Resolution"/>² grid.</summary>
/// <param name="PatchSize">Side of the periodic patch, m.</param>
/// <param name="Resolution">Grid side N (a power of two).</param>
public sealed record CascadeOptions(double PatchSize, int Resolution);

/// <summary>Options of an <see cref="Ocean"/>; the defaults are a 12 m/s JONSWAP sea with three 256² cascades.</summary>
public sealed record OceanOptions
{
    /// <summary>The directional wave spectrum.</summary>
    public WaveSpectrum Spectrum { get; init; } = new JonswapSpectrum(new JonswapOptions());

    /// <summary>Seed of the Gaussian amplitudes; equal seeds give bit-identical oceans.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Gravitational acceleration, m/s².</summary>
    public double Gravity { get; init; } = 9.81;

    /// <summary>Water depth for the dispersion relation, m (infinity: deep water).</summary>
    public double Depth { get; init; } = double.PositiveInfinity;

    /// <summary>Choppiness λ of the horizontal displacement x = x₀ + λ·D (Tessendorf 2001 eq. 44); 0 gives a pure height field.</summary>
    public float Choppiness { get; init; } = 1f;

    /// <summary>Cascades, any order; their wavenumber bands are split at geometric means so none counts a wave twice.
    /// Incommensurate patch sizes hide the tiling of each other.</summary>
    public IReadOnlyList<CascadeOptions> Cascades { get; init; } =
        new[] { new CascadeOptions(1000, 256), new CascadeOptions(173, 256), new CascadeOptions(31, 256) };

    /// <summary>Foam appears where the Jacobian of the horizontal map falls below this (1 = no compression, ≤ 0 = folded crest).</summary>
    public float FoamThreshold { get; init; } = 0.6f;

    /// <summary>Foam coverage added per second per unit of Jacobian below the threshold.</summary>
    public float FoamRate { get; init; } = 8f;

    /// <summary>Time constant of the exponential foam decay, s.</summary>
    public float FoamDecay { get; init; } = 2.5f;

    /// <summary>Also transform ∂D/∂t each step for exact surface velocities (two more FFTs per cascade).</summary>
    public bool ComputeVelocity { get; init; } = true;

    /// <summary>Threads an update may use (1: none beyond the caller's).</summary>
    public int MaxThreads { get; init; } = Environment.ProcessorCount;
}
