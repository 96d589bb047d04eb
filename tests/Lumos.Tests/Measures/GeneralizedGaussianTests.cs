using Lumos.Measures;

namespace Lumos.Tests.Measures;

public sealed class GeneralizedGaussianTests
{
    [Theory]
    [InlineData(0.5, 1.7724538509055160)] // √π
    [InlineData(1.0, 1.0)]
    [InlineData(5.0, 24.0)]
    [InlineData(0.1, 9.5135076986687318)]
    [InlineData(2.5, 1.3293403881791355)] // ¾√π
    public void Gamma_matches_known_values(double x, double expected) =>
        Assert.Equal(expected, GeneralizedGaussian.Gamma(x), 1e-13 * expected);

    private static double[] Samples(Func<Random, double> draw) { var r = new Random(11); return Enumerable.Range(0, 200_000).Select(_ => draw(r)).ToArray(); }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void Fit_of_gaussian_samples_has_shape_two_and_equal_scales_sqrt2_sigma()
    {
        // A GGD with shape 2 and scale β is a Gaussian with σ = β/√2.
        var (shape, left, right) = GeneralizedGaussian.FitAsymmetric(Samples(r => 3 * Gaussian(r)));
        Assert.Equal(2.0, shape, 0.05);
        Assert.Equal(3 * Math.Sqrt(2), left, 0.05);
        Assert.Equal(3 * Math.Sqrt(2), right, 0.05);
    }

    [Fact]
    public void Fit_of_laplacian_samples_has_shape_one_and_sees_asymmetry()
    {
        // Laplacian with scale 1 on the left and 2 on the right: shape 1, βl = 1, βr = 2.
        var (shape, left, right) = GeneralizedGaussian.FitAsymmetric(Samples(r =>
        {
            double e = -Math.Log(1 - r.NextDouble());
            return r.NextDouble() < 1.0 / 3 ? -e : 2 * e;
        }));
        Assert.Equal(1.0, shape, 0.05);
        Assert.Equal(1.0, left, 0.05);
        Assert.Equal(2.0, right, 0.1);
    }

    [Fact]
    public void Fit_of_all_zeros_is_undefined_like_matlab()
    {
        var (shape, left, right) = GeneralizedGaussian.FitAsymmetric(new double[16]);
        Assert.Equal(0.2, shape, 12); // MATLAB's min over NaNs picks the first grid value
        Assert.True(double.IsNaN(left) && double.IsNaN(right));
    }
}
