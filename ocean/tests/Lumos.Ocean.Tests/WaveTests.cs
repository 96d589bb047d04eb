namespace Lumos.Ocean.Tests;

public sealed class WaveTests
{
    private sealed class SingleWave(double kx) : WaveSpectrum
    {
        public override double Density(double qx, double qz, Dispersion dispersion) =>
            Math.Abs(qx - kx) < 1e-9 && Math.Abs(qz) < 1e-9 ? 1.0 : 0;
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(5.0)]
    public void Single_wave_travels_at_the_phase_speed_omega_over_k(double depth)
    {
        const double patch = 100, g = 9.81;
        double k = 2 * Math.PI * 4 / patch;
        var ocean = new Ocean(new OceanOptions
        {
            Spectrum = new SingleWave(k), Depth = depth, Cascades = new[] { new CascadeOptions(patch, 64) },
        });
        double Phase(double t)
        {
            ocean.Update(t);
            var h = ocean.Cascades[0].Height;
            double sr = 0, si = 0;
            for (int i = 0; i < 64; i++)
            {
                double a = -k * i * patch / 64;
                sr += h[i] * Math.Cos(a);
                si += h[i] * Math.Sin(a);
            }
            return Math.Atan2(si, sr);
        }
        const double dt = 0.2;
        double dphi = Phase(1.0 + dt) - Phase(1.0);
        dphi = Math.IEEERemainder(dphi, 2 * Math.PI);
        double measured = -dphi / (k * dt); // h ∝ cos(kx − ωt + φ): the phase at fixed x falls at rate ω
        double tanh = double.IsPositiveInfinity(depth) ? 1 : Math.Tanh(k * depth);
        double expected = Math.Sqrt(g * tanh / k);
        Assert.Equal(expected, measured, expected * 1e-3);
    }

    [Fact]
    public void Hermitian_pairing_gives_a_real_height_field()
    {
        var ocean = new Ocean(new OceanOptions { Cascades = new[] { new CascadeOptions(500, 128) } });
        var c = ocean.Cascades[0];
        var re = new float[128 * 128];
        var im = new float[128 * 128];
        c.HeightSpectrum(7.5, re, im);
        new Fft2D(128).Inverse(re, im);
        double maxRe = re.Max(Math.Abs), maxIm = im.Max(Math.Abs);
        Assert.True(maxRe > 0.1, $"height field is flat ({maxRe})");
        Assert.True(maxIm < 1e-5 * maxRe, $"imaginary part {maxIm} vs real {maxRe}");
    }

    [Fact]
    public void Jacobian_is_one_without_choppiness_and_not_with_it()
    {
        var flat = new Ocean(new OceanOptions { Choppiness = 0, Cascades = new[] { new CascadeOptions(300, 64) } });
        flat.Update(2);
        Assert.All(flat.Cascades[0].Jacobian, j => Assert.Equal(1f, j, 1e-6f)); // float rounding of the packed transform only
        Assert.All(flat.Cascades[0].DisplacementX, d => Assert.Equal(0f, d, 1e-6f));
        var choppy = new Ocean(new OceanOptions { Choppiness = 1, Cascades = new[] { new CascadeOptions(300, 64) } });
        choppy.Update(2);
        Assert.True(choppy.Cascades[0].Jacobian.Min() < 0.95f);
    }

    [Fact]
    public void Same_seed_gives_an_identical_ocean_and_another_seed_does_not()
    {
        float[] Heights(int seed, int threads)
        {
            var o = new Ocean(new OceanOptions { Seed = seed, MaxThreads = threads });
            o.Update(4.2);
            return o.Cascades.SelectMany(c => c.Height.Concat(c.DisplacementX).Concat(c.Foam)).ToArray();
        }
        var a = Heights(7, 1);
        Assert.Equal(a, Heights(7, 4));
        Assert.NotEqual(a, Heights(8, 1));
    }
}
