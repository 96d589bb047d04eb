namespace Lumos.Ocean.Tests;

public sealed class Fft2DTests
{
    [Theory]
    [InlineData(16, 1)]
    [InlineData(32, 1)]
    public void Inverse_matches_a_naive_dft(int n, int threads)
    {
        var rng = new Random(3);
        var re = new float[n * n];
        var im = new float[n * n];
        for (int i = 0; i < re.Length; i++) { re[i] = (float)rng.NextDouble() - 0.5f; im[i] = (float)rng.NextDouble() - 0.5f; }
        var (expectRe, expectIm) = NaiveInverse(re, im, n);
        new Fft2D(n, threads).Inverse(re, im);
        for (int i = 0; i < re.Length; i++)
        {
            Assert.Equal(expectRe[i], re[i], 3e-4);
            Assert.Equal(expectIm[i], im[i], 3e-4);
        }
    }

    [Fact]
    public void Threaded_inverse_equals_the_single_threaded_one()
    {
        const int n = Fft2D.MinParallelSize;
        var rng = new Random(8);
        var re = Enumerable.Range(0, n * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var im = Enumerable.Range(0, n * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var (re2, im2) = ((float[])re.Clone(), (float[])im.Clone());
        new Fft2D(n, 1).Inverse(re, im);
        new Fft2D(n, 4).Inverse(re2, im2);
        Assert.Equal(re, re2);
        Assert.Equal(im, im2);
    }

    [Fact]
    public void Forward_then_inverse_returns_the_input_times_n_squared()
    {
        const int n = 64;
        var re = new float[n * n];
        var im = new float[n * n];
        for (int i = 0; i < re.Length; i++) re[i] = MathF.Sin(i * 0.37f);
        var original = (float[])re.Clone();
        var fft = new Fft2D(n);
        fft.Forward(re, im);
        fft.Inverse(re, im);
        for (int i = 0; i < re.Length; i++)
        {
            Assert.Equal(original[i], re[i] / (n * n), 1e-4);
            Assert.Equal(0, im[i] / (n * n), 1e-4);
        }
    }

    [Fact]
    public void Inverse_from_a_transposed_spectrum_equals_the_inverse_of_the_spectrum()
    {
        const int n = 32;
        var rng = new Random(11);
        var re = Enumerable.Range(0, n * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var im = Enumerable.Range(0, n * n).Select(_ => (float)rng.NextDouble()).ToArray();
        var tRe = new float[n * n];
        var tIm = new float[n * n];
        for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) { tRe[x * n + y] = re[y * n + x]; tIm[x * n + y] = im[y * n + x]; }
        var fft = new Fft2D(n);
        fft.Inverse(re, im);
        fft.InverseFromTransposed(tRe, tIm);
        for (int i = 0; i < re.Length; i++)
        {
            Assert.Equal(re[i], tRe[i], 1e-3f);
            Assert.Equal(im[i], tIm[i], 1e-3f);
        }
    }

    private static (double[] Re, double[] Im) NaiveInverse(float[] re, float[] im, int n)
    {
        var outRe = new double[n * n];
        var outIm = new double[n * n];
        for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++)
        {
            double sr = 0, si = 0;
            for (int v = 0; v < n; v++)
            for (int u = 0; u < n; u++)
            {
                double a = 2 * Math.PI * (u * x + v * y) / n, c = Math.Cos(a), s = Math.Sin(a);
                sr += re[v * n + u] * c - im[v * n + u] * s;
                si += re[v * n + u] * s + im[v * n + u] * c;
            }
            outRe[y * n + x] = sr;
            outIm[y * n + x] = si;
        }
        return (outRe, outIm);
    }
}
