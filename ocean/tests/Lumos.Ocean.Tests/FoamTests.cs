namespace Lumos.Ocean.Tests;

public sealed class FoamTests
{
    [Fact]
    public void Foam_gathers_on_compressed_crests_and_decays_elsewhere()
    {
        var options = new OceanOptions
        {
            Spectrum = new JonswapSpectrum(new JonswapOptions { WindSpeed = 18 }), Choppiness = 1.3f, FoamDecay = 2,
            Cascades = new[] { new CascadeOptions(150, 64) },
        };
        var ocean = new Ocean(options);
        for (int i = 0; i <= 30; i++) ocean.Update(i * 0.1);
        var c = ocean.Cascades[0];
        var before = (float[])c.Foam.Clone();
        Assert.True(before.Max() > 0.05f, "no foam on a choppy 18 m/s sea");
        ocean.Update(3.1);
        float decay = MathF.Exp(-0.1f / 2);
        int checkedCells = 0;
        for (int i = 0; i < before.Length; i++)
        {
            if (c.Jacobian[i] >= options.FoamThreshold && before[i] > 0)
            {
                Assert.Equal(before[i] * decay, c.Foam[i], 1e-5f);
                checkedCells++;
            }
            else if (c.Jacobian[i] < options.FoamThreshold)
            {
                Assert.True(c.Foam[i] > before[i] * decay - 1e-6f);
            }
        }
        Assert.True(checkedCells > 0);
    }

    [Fact]
    public void No_foam_without_choppiness()
    {
        var ocean = new Ocean(new OceanOptions { Choppiness = 0, Cascades = new[] { new CascadeOptions(150, 64) } });
        for (int i = 0; i < 10; i++) ocean.Update(i * 0.1);
        Assert.All(ocean.Cascades[0].Foam, f => Assert.Equal(0f, f));
    }
}
