namespace Lumos.Ocean.Tests;

public sealed class SpectrumTests
{
    // Reference: Shore Protection Manual (1984) eq. 3-33, g·Hs/U² = 1.6e-3·(gF/U²)^½ (Hasselmann et al. 1973).
    [Theory]
    [InlineData(12, 100_000)]
    [InlineData(8, 20_000)]
    [InlineData(20, 300_000)]
    public void Jonswap_cascades_integrate_to_the_fetch_limited_significant_wave_height(double wind, double fetch)
    {
        double g = 9.81, x = g * fetch / (wind * wind);
        double expected = Math.Min(1.6e-3 * Math.Sqrt(x), 0.2433) * wind * wind / g;
        var spectrum = new JonswapSpectrum(new JonswapOptions { WindSpeed = wind, Fetch = fetch, Direction = 30 });
        var options = new OceanOptions
        {
            Spectrum = spectrum,
            Cascades = new[] { new CascadeOptions(2000, 256), new CascadeOptions(300, 256), new CascadeOptions(47, 128) },
        };
        var dispersion = new Dispersion(g, double.PositiveInfinity);
        double variance = 0;
        foreach (var c in new Ocean(options).Cascades)
        {
            double dk = 2 * Math.PI / c.PatchSize;
            for (int j = -c.N / 2 + 1; j < c.N / 2; j++)
            for (int i = -c.N / 2 + 1; i < c.N / 2; i++)
            {
                double k = dk * Math.Sqrt(i * i + j * j);
                if (k >= c.BandLow && k < c.BandHigh) variance += spectrum.Density(i * dk, j * dk, dispersion) * dk * dk;
            }
        }
        double hs = 4 * Math.Sqrt(variance);
        Assert.InRange(hs / expected, 0.95, 1.05);
    }

    [Fact]
    public void Simulated_surface_variance_matches_the_spectrum()
    {
        var spectrum = new JonswapSpectrum(new JonswapOptions { WindSpeed = 10, Fetch = 50_000 });
        double sum = 0;
        const int seeds = 6;
        for (int seed = 0; seed < seeds; seed++)
        {
            var ocean = new Ocean(new OceanOptions { Spectrum = spectrum, Seed = seed, Cascades = new[] { new CascadeOptions(800, 128) } });
            ocean.Update(3.0);
            var h = ocean.Cascades[0].Height;
            sum += h.Sum(v => (double)v * v) / h.Length;
        }
        double hs = 4 * Math.Sqrt(sum / seeds);
        Assert.InRange(hs / spectrum.SignificantWaveHeight, 0.85, 1.1);
    }

    [Fact]
    public void Phillips_spectrum_has_no_energy_across_the_wind()
    {
        var phillips = new PhillipsSpectrum(new PhillipsOptions { Direction = 0 });
        var d = new Dispersion(9.81, double.PositiveInfinity);
        Assert.Equal(0, phillips.Density(0, 0.1, d), 12);
        Assert.True(phillips.Density(0.1, 0, d) > 0);
    }
}
