using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Tests.Imaging;

public sealed class FastGaussianTests
{
    public static TheoryData<double> RetinexScales => [15, 80, 250];

    // Bounds, as a share of the input's value range: max error < 0.3 %, mean error < 0.05 %
    // (observed: max 0.12 %, mean 0.015 %; a downscale that leaves σ under 2 px breaks the max bound).
    private const double MaxError = 0.003, MeanError = 0.0005;

    [SkippableTheory]
    [MemberData(nameof(RetinexScales))]
    public void Fast_blur_of_a_photo_is_within_0_3_percent_max_and_0_05_percent_mean_of_exact(double sigma)
    {
        var folder = Path.Combine(TestData.RequireShared(), "lowlight", "DICM");
        Skip.IfNot(Directory.Exists(folder), $"{folder} is absent");
        using var photo = Cv2.ImRead(Directory.GetFiles(folder).Order(StringComparer.Ordinal).First());
        AssertCloseToExact(photo, sigma);
    }

    [Theory]
    [MemberData(nameof(RetinexScales))]
    public void Fast_blur_of_a_synthetic_scene_is_within_0_3_percent_max_and_0_05_percent_mean_of_exact(double sigma)
    {
        using var scene = TestData.DarkColour(640, 480);
        AssertCloseToExact(scene, sigma);
    }

    [Fact]
    public void Small_sigmas_and_forced_exact_match_OpenCV_bit_for_bit()
    {
        using var colour = TestData.DarkColour(200, 150);
        using var image = Pixels.ToUnitFloat(colour);
        foreach (var (sigma, exact) in new[] { (3.0, false), (80.0, true) })
        {
            using var expected = new Mat();
            Cv2.GaussianBlur(image, expected, new Size(0, 0), sigma, sigma, BorderTypes.Reflect);
            using var actual = FastGaussian.Blur(image, sigma, exact);
            Assert.Equal(0, Cv2.Norm(expected, actual, NormTypes.INF));
        }
    }

    [Fact]
    public void Constant_image_stays_constant_at_every_size()
    {
        foreach (var (width, height) in new[] { (2, 2), (37, 53), (1000, 700) })
        {
            using var flat = new Mat(height, width, MatType.CV_32FC3, Scalar.All(42));
            using var blurred = FastGaussian.Blur(flat, 80);
            using var samples = blurred.Reshape(1);
            Cv2.MinMaxLoc(samples, out double min, out double max);
            Assert.InRange(min, 42 - 1e-3, 42 + 1e-3);
            Assert.InRange(max, 42 - 1e-3, 42 + 1e-3);
        }
    }

    private static void AssertCloseToExact(Mat bgr, double sigma)
    {
        using var image = Pixels.ToUnitFloat(bgr);
        using var exact = new Mat();
        Cv2.GaussianBlur(image, exact, new Size(0, 0), sigma, sigma, FastGaussian.Border);
        using var fast = FastGaussian.Blur(image, sigma);
        Assert.Equal(exact.Size(), fast.Size());
        using var samples = image.Reshape(1);
        Cv2.MinMaxLoc(samples, out double low, out double high);
        using var difference = new Mat();
        Cv2.Absdiff(exact, fast, difference);
        using var differences = difference.Reshape(1);
        double max = Cv2.Norm(differences, NormTypes.INF) / (high - low);
        double mean = Cv2.Mean(differences).Val0 / (high - low);
        Assert.True(max < MaxError, $"sigma {sigma}: max error {max:P3} of range");
        Assert.True(mean < MeanError, $"sigma {sigma}: mean error {mean:P4} of range");
    }
}
