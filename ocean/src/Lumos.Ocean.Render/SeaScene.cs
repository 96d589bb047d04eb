using System.Numerics;

namespace Lumos.Ocean.Render;

/// <summary>The demo scene: a JONSWAP sea and three floating bodies stepped together at a fixed 60 Hz.</summary>
public sealed class SeaScene
{
    private const double Step = 1.0 / 60;
    private double time = -Step;

    /// <summary>A sea for <paramref name="wind"/> m/s over <paramref name="fetch"/> m, with bodies in front of the camera.</summary>
    public SeaScene(double wind, double fetch, int seed)
    {
        var spectrum = new JonswapSpectrum(new JonswapOptions { WindSpeed = wind, Fetch = fetch, Direction = -70 });
        SignificantWaveHeight = spectrum.SignificantWaveHeight;
        Ocean = new Ocean(new OceanOptions { Spectrum = spectrum, Seed = seed });
        var small = new FloatingBodyOptions { MinWavelength = 2 };
        var boat = FloatingBody.Box(new Vector3(2.5f, 1.2f, 6), 350, new FloatingBodyOptions { MinWavelength = 6 });
        boat.Position = new Vector3(-4, 0, -16);
        boat.Orientation = Quaternion.CreateFromAxisAngle(Vector3.UnitY, 0.6f);
        var crate = FloatingBody.Box(new Vector3(1, 1, 1), 450, small);
        crate.Position = new Vector3(2.5f, 0, -9);
        var buoy = FloatingBody.Sphere(0.6f, 300, small);
        buoy.Position = new Vector3(5, 0, -20);
        Bodies = new[] { boat, crate, buoy };
    }

    /// <summary>The sea.</summary>
    public Ocean Ocean { get; }

    /// <summary>Floating bodies.</summary>
    public IReadOnlyList<FloatingBody> Bodies { get; }

    /// <summary>Significant wave height of the spectrum, m.</summary>
    public double SignificantWaveHeight { get; }

    /// <summary>Steps the sea and bodies at 60 Hz up to <paramref name="target"/> s.</summary>
    public void AdvanceTo(double target)
    {
        while (time + Step <= target + 1e-9)
        {
            time += Step;
            Ocean.Update(time);
            foreach (var b in Bodies) b.Step(Ocean, (float)Step);
        }
    }
}
