using Lumos.Imaging;
using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Tests.SuperResolution;

public sealed class DegradationTests
{
    private static readonly DegradationOptions Everything = new()
    {
        Scale = 3, Blur = BlurKind.Anisotropic, NoiseSigmaMin = 2, NoiseSigmaMax = 10, JpegQualityMin = 40, JpegQualityMax = 90,
    };

    [Fact]
    public void Degradation_is_a_function_of_the_seed()
    {
        using var hr = TestData.DarkColour(60, 45);
        var degradation = new Degradation(Everything);
        using var a = degradation.Degrade(hr, new Random(7));
        using var b = degradation.Degrade(hr, new Random(7));
        using var c = degradation.Degrade(hr, new Random(8));
        Assert.Equal(0, Cv2.Norm(a, b, NormTypes.INF));
        Assert.NotEqual(0, Cv2.Norm(a, c, NormTypes.INF));
    }

    [Theory]
    [InlineData(2, 37, 53)]
    [InlineData(3, 37, 53)]
    [InlineData(4, 37, 53)]
    [InlineData(4, 5, 4)]
    public void Degradation_pair_crops_odd_sizes_to_a_multiple_of_the_scale(int scale, int width, int height)
    {
        using var image = TestData.DarkColour(width, height);
        var (hr, lr) = new Degradation(Everything with { Scale = scale }).Pair(image, new Random(1));
        using (hr)
        using (lr)
        {
            Assert.Equal(new Size(width / scale * scale, height / scale * scale), hr.Size());
            Assert.Equal(new Size(width / scale, height / scale), lr.Size());
            Assert.Equal(image.Type(), lr.Type());
        }
    }

    [Fact]
    public void Degradation_without_blur_noise_or_jpeg_is_matlab_bicubic()
    {
        using var hr = TestData.DarkColour(48, 36);
        using var lr = new Degradation(new DegradationOptions { Scale = 4 }).Degrade(hr, new Random(1));
        using var expected = MatlabResize.Bicubic(hr, 0.25);
        Assert.Equal(0, Cv2.Norm(lr, expected, NormTypes.INF));
    }

    [Theory]
    [InlineData(MatType.CV_8U, 10.0)]
    [InlineData(MatType.CV_16U, 4.0)]
    public void Degradation_noise_has_the_requested_sigma(int depth, double sigma)
    {
        // Flat input: the LR differs from the flat value by the noise alone (plus rounding, variance 1/12 of a step).
        double max = depth == MatType.CV_16U ? 65535 : 255;
        using var hr = new Mat(512, 512, MatType.MakeType(depth, 1), Scalar.All(max * 0.4));
        var options = new DegradationOptions { Scale = 2, NoiseSigmaMin = sigma, NoiseSigmaMax = sigma };
        using var lr = new Degradation(options).Degrade(hr, new Random(3));
        using var wide = new Mat();
        lr.ConvertTo(wide, MatType.CV_64F, 255 / max);
        Cv2.MeanStdDev(wide, out var mean, out var std);
        Assert.Equal(102, mean.Val0, 0.15);
        Assert.Equal(sigma, std.Val0, 0.1);
    }

    [Fact]
    public void Degradation_blur_kernel_is_normalised_centred_and_rotates()
    {
        using var iso = Degradation.GaussianKernel(21, 2, 2, 0);
        Assert.Equal(1, Cv2.Sum(iso).Val0, 12);
        Cv2.MinMaxLoc(iso, out _, out _, out _, out Point peak);
        Assert.Equal(new Point(10, 10), peak);
        Assert.Equal(iso.At<double>(10, 13), iso.At<double>(13, 10), 15);
        Assert.Equal(Math.Exp(-9.0 / 8) * iso.At<double>(10, 10), iso.At<double>(10, 13), 15);
        // σx = 3 along x; rotating by 90° puts the long axis along y.
        using var wide = Degradation.GaussianKernel(21, 3, 1, 0);
        using var tall = Degradation.GaussianKernel(21, 3, 1, Math.PI / 2);
        Assert.True(wide.At<double>(10, 14) > wide.At<double>(14, 10));
        Assert.Equal(wide.At<double>(10, 14), tall.At<double>(14, 10), 12);
    }

    [Fact]
    public void Degradation_blur_smooths_before_downscaling()
    {
        using var hr = TestData.DarkColour(64, 64);
        var sharp = new Degradation(new DegradationOptions { Scale = 2 });
        var blurred = new Degradation(new DegradationOptions { Scale = 2, Blur = BlurKind.Isotropic, BlurSigmaMin = 2, BlurSigmaMax = 2 });
        using var a = sharp.Degrade(hr, new Random(1));
        using var b = blurred.Degrade(hr, new Random(1));
        Assert.True(Laplacian(b) < 0.7 * Laplacian(a));

        static double Laplacian(Mat image)
        {
            using var lap = new Mat();
            Cv2.Laplacian(image, lap, MatType.CV_64F);
            return Cv2.Norm(lap, NormTypes.L2);
        }
    }

    [Fact]
    public void Degradation_rejects_bad_options_and_inputs()
    {
        Assert.Throws<LumosException>(() => new Degradation(new DegradationOptions { KernelSize = 20 }));
        Assert.Throws<LumosException>(() => new Degradation(new DegradationOptions { BlurSigmaMin = 3, BlurSigmaMax = 1 }));
        Assert.Throws<LumosException>(() => new Degradation(new DegradationOptions { NoiseSigmaMin = 5, NoiseSigmaMax = 1 }));
        using var odd = TestData.DarkColour(37, 53);
        Assert.Throws<LumosException>(() => new Degradation(new DegradationOptions()).Degrade(odd, new Random(1)));
        using var floats = new Mat(8, 8, MatType.CV_32FC3, Scalar.All(0));
        Assert.Throws<LumosException>(() => new Degradation(new DegradationOptions()).Degrade(floats, new Random(1)));
    }
}
