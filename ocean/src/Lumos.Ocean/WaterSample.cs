using System.Numerics;

namespace Lumos.Ocean;

/// <summary>The water surface above one world point (x, z): height, unit normal, surface velocity and foam coverage.</summary>
public readonly struct WaterSample
{
    /// <summary>A sample from its parts.</summary>
    public WaterSample(float height, Vector3 normal, Vector3 velocity, float foam)
    {
        Height = height;
        Normal = normal;
        Velocity = velocity;
        Foam = foam;
    }

    /// <summary>Water surface height, m.</summary>
    public float Height { get; }

    /// <summary>Unit normal (Y up).</summary>
    public Vector3 Normal { get; }

    /// <summary>Velocity of the surface water, m/s.</summary>
    public Vector3 Velocity { get; }

    /// <summary>Foam coverage in [0, 1].</summary>
    public float Foam { get; }
}

/// <summary>A water surface that bodies float on and renderers draw: world (x, z) points in, samples out; thread-safe.</summary>
public interface IWaterSurface
{
    /// <summary>Fills <paramref name="samples"/> for the world points (x, z) in <paramref name="points"/>, ignoring
    /// waves shorter than <paramref name="minWavelength"/> m (a filter for objects larger than those waves).</summary>
    void Sample(ReadOnlySpan<Vector2> points, Span<WaterSample> samples, float minWavelength = 0);
}

/// <summary>A still, flat sea at height <see cref="Level"/>.</summary>
public sealed class FlatWater : IWaterSurface
{
    /// <summary>A flat sea at <paramref name="level"/> m.</summary>
    public FlatWater(float level = 0) => Level = level;

    /// <summary>Surface height, m.</summary>
    public float Level { get; }

    /// <inheritdoc />
    public void Sample(ReadOnlySpan<Vector2> points, Span<WaterSample> samples, float minWavelength = 0)
    {
        if (samples.Length < points.Length) throw new ArgumentException("samples is shorter than points");
        for (int i = 0; i < points.Length; i++) samples[i] = new WaterSample(Level, Vector3.UnitY, Vector3.Zero, 0);
    }
}
