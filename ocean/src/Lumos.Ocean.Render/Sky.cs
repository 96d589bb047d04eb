using System.Numerics;

namespace Lumos.Ocean.Render;

/// <summary>A clear-sky model: a zenith-to-horizon gradient, a sun glow and a sun disc (linear radiance).</summary>
public sealed class Sky
{
    /// <summary>A sky with the sun in direction <paramref name="sun"/> (toward the sun).</summary>
    public Sky(Vector3 sun) => Sun = Vector3.Normalize(sun);

    /// <summary>Unit vector toward the sun.</summary>
    public Vector3 Sun { get; }

    /// <summary>Colour of the sun's light, linear RGB.</summary>
    public Vector3 SunColor { get; init; } = new(1.0f, 0.92f, 0.8f);

    /// <summary>Zenith colour, linear RGB.</summary>
    public Vector3 Zenith { get; init; } = new(0.10f, 0.25f, 0.62f);

    /// <summary>Horizon colour, linear RGB.</summary>
    public Vector3 Horizon { get; init; } = new(0.5f, 0.66f, 0.88f);

    /// <summary>Radiance arriving from <paramref name="direction"/>; <paramref name="withSun"/> false drops the disc (for shadowed glints).</summary>
    public Vector3 Radiance(Vector3 direction, bool withSun = true)
    {
        float up = MathF.Max(direction.Y, 0);
        var sky = Vector3.Lerp(Horizon, Zenith, MathF.Pow(up, 0.35f));
        float c = MathF.Max(Vector3.Dot(direction, Sun), 0), c2 = c * c, c4 = c2 * c2;
        sky += SunColor * (0.25f * c4 * c4);
        if (withSun && c > 0.98f) // beyond 11° from the sun the disc and halo terms are below 0.3% of the sky
        {
            float log = MathF.Log(c);
            sky += SunColor * (50 * MathF.Exp(6000 * log) + 0.6f * MathF.Exp(300 * log));
        }
        return sky;
    }

    /// <summary>Light the sun and sky shed on an upward surface, for diffuse terms.</summary>
    public Vector3 Ambient => Vector3.Lerp(Horizon, Zenith, 0.5f) * 0.6f;
}
