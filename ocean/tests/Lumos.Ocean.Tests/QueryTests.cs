using System.Numerics;

namespace Lumos.Ocean.Tests;

public sealed class QueryTests
{
    [Fact]
    public void Height_query_inverts_the_choppy_displacement_within_a_centimetre()
    {
        var ocean = new Ocean(new OceanOptions { Spectrum = new JonswapSpectrum(new JonswapOptions { WindSpeed = 15 }), Choppiness = 1 });
        ocean.Update(12);
        var rng = new Random(5);
        var rest = Enumerable.Range(0, 2000).Select(_ => new Vector2((float)rng.NextDouble() * 400 - 200, (float)rng.NextDouble() * 400 - 200)).ToArray();
        var displacement = new Vector3[rest.Length];
        ocean.SampleDisplacement(rest, displacement);
        var world = rest.Select((p, i) => new Vector2(p.X + displacement[i].X, p.Y + displacement[i].Z)).ToArray();
        var heights = new float[rest.Length];
        ocean.SampleHeight(world, heights);
        double maxError = rest.Select((_, i) => Math.Abs(heights[i] - displacement[i].Y)).Max();
        double maxShift = displacement.Max(d => Math.Sqrt(d.X * d.X + d.Z * d.Z));
        Assert.True(maxShift > 0.5, $"displacement too small to test the inversion ({maxShift} m)");
        Assert.True(maxError < 0.01, $"max height error {maxError} m");
    }

    [Fact]
    public void Surface_velocity_is_the_time_derivative_of_the_displacement()
    {
        var ocean = new Ocean(new OceanOptions { Cascades = new[] { new CascadeOptions(300, 64), new CascadeOptions(50, 64) }, MaxThreads = 1 });
        var rest = Enumerable.Range(0, 50).Select(i => new Vector2(i * 3.1f, i * -1.7f)).ToArray();
        Vector3[] Displacement(double t)
        {
            ocean.Update(t);
            var d = new Vector3[rest.Length];
            ocean.SampleDisplacement(rest, d);
            return d;
        }
        const double t0 = 5, eps = 1e-3;
        var before = Displacement(t0 - eps);
        var after = Displacement(t0 + eps);
        var now = Displacement(t0);
        var world = rest.Select((p, i) => new Vector2(p.X + now[i].X, p.Y + now[i].Z)).ToArray();
        var velocity = new Vector3[rest.Length];
        ocean.SampleVelocity(world, velocity);
        float scale = velocity.Max(v => v.Length());
        Assert.True(scale > 0.3f, $"sea too calm ({scale} m/s)");
        for (int i = 0; i < rest.Length; i++)
        {
            var expected = (after[i] - before[i]) / (float)(2 * eps);
            Assert.True((velocity[i] - expected).Length() < 0.01f * scale, $"point {i}: {velocity[i]} vs {expected}");
        }
    }

    [Fact]
    public void Queries_from_many_threads_agree_with_a_single_thread()
    {
        var ocean = new Ocean(new OceanOptions());
        ocean.Update(3);
        var points = Enumerable.Range(0, 4000).Select(i => new Vector2(i * 0.37f, i * -0.91f)).ToArray();
        var serial = new WaterSample[points.Length];
        ocean.Sample(points, serial);
        var parallel = new WaterSample[points.Length];
        Parallel.For(0, 40, b => ocean.Sample(points.AsSpan(b * 100, 100), parallel.AsSpan(b * 100, 100)));
        Assert.Equal(serial.Select(s => s.Height), parallel.Select(s => s.Height));
        Assert.All(serial, s => Assert.Equal(1, s.Normal.Length(), 1e-4));
    }

    [Fact]
    public void Long_wavelength_filter_smooths_the_surface()
    {
        var ocean = new Ocean(new OceanOptions());
        ocean.Update(3);
        var points = Enumerable.Range(0, 2000).Select(i => new Vector2(i * 0.05f, 0)).ToArray();
        var full = new float[points.Length];
        var filtered = new float[points.Length];
        ocean.SampleHeight(points, full);
        ocean.SampleHeight(points, filtered, minWavelength: 100);
        static double Roughness(float[] h) => h.Zip(h.Skip(1), (a, b) => Math.Abs(b - a)).Sum();
        Assert.True(Roughness(filtered) < 0.5 * Roughness(full));
    }
}
