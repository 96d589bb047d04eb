using System.Numerics;

namespace Lumos.Ocean.Tests;

public sealed class FloatingBodyTests
{
    private const float Dt = 1f / 60;

    [Fact]
    public void Floating_box_settles_at_the_archimedes_draught()
    {
        var water = new FlatWater(0);
        var box = FloatingBody.Box(new Vector3(2, 1, 2), density: 500, new FloatingBodyOptions { WaterDensity = 1000 });
        box.Position = new Vector3(0, 0.8f, 0); // dropped from above the surface
        float last = 0, jitter = 0;
        for (int i = 0; i < 60 * 40; i++)
        {
            box.Step(water, Dt);
            if (i >= 60 * 35) jitter = Math.Max(jitter, Math.Abs(box.Position.Y - last));
            last = box.Position.Y;
        }
        float draught = 0.5f - box.Position.Y;                  // bottom face is 0.5 m below the centre
        float expected = box.Mass / (1000 * 2 * 2);             // Archimedes: ρ·A·d = m
        Assert.Equal(expected, draught, expected * 0.02f);
        Assert.True(jitter < 1e-4f, $"still moving {jitter} m per step");
        Assert.True(Vector3.Transform(Vector3.UnitY, box.Orientation).Y > 0.999f, "box tipped over");
    }

    [Fact]
    public void Floating_sphere_of_half_the_water_density_floats_half_submerged()
    {
        var sphere = FloatingBody.Sphere(0.5f, 500, new FloatingBodyOptions { WaterDensity = 1000 });
        sphere.Position = new Vector3(0, -0.3f, 0);
        for (int i = 0; i < 60 * 40; i++) sphere.Step(new FlatWater(0), Dt);
        Assert.Equal(0, sphere.Position.Y, 0.02f);
    }

    [Fact]
    public void Box_rides_the_waves_without_blowing_up_at_60_hz()
    {
        var ocean = new Ocean(new OceanOptions { Spectrum = new JonswapSpectrum(new JonswapOptions { WindSpeed = 15 }), MaxThreads = 2, Cascades = new[] { new CascadeOptions(400, 64), new CascadeOptions(60, 64) } });
        var box = FloatingBody.Box(new Vector3(4, 1.5f, 8), 400, new FloatingBodyOptions { MinWavelength = 4 });
        float maxSpeed = 0;
        for (int i = 0; i < 60 * 20; i++)
        {
            ocean.Update(i * Dt);
            box.Step(ocean, Dt);
            maxSpeed = Math.Max(maxSpeed, box.Velocity.Length());
        }
        var h = new float[1];
        ocean.SampleHeight(new[] { new Vector2(box.Position.X, box.Position.Z) }, h);
        Assert.InRange(box.Position.Y - h[0], -1.5f, 1.5f);
        Assert.True(maxSpeed < 10, $"max speed {maxSpeed} m/s");
    }
}
