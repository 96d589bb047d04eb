using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Measures;

public sealed class NiqeTests
{
    private static Mat Read(string path) => Cv2.ImRead(path, ImreadModes.Unchanged);

    public static TheoryData<string> ReferenceImages =>
        new(TestData.Reference("niqe.json").GetProperty("images").EnumerateArray().Select(i => i.GetProperty("input").GetString()!));

    [Theory]
    [MemberData(nameof(ReferenceImages))]
    public void Niqe_matches_the_python_reference(string input)
    {
        var entry = TestData.Reference("niqe.json").GetProperty("images").EnumerateArray().Single(i => i.GetProperty("input").GetString() == input);
        double expected = entry.GetProperty("niqe").GetDouble();
        using var image = Read(Path.Combine(TestData.ReferenceDir, input));
        // Both sides work in double precision; 1e-13 relative was observed.
        Assert.Equal(expected, new Niqe().Measure(image), 1e-9 * expected);
    }

    [Fact]
    public void Niqe_is_registered_as_lower_is_better()
    {
        var niqe = QualityMeasures.Registry.Create("niqe");
        Assert.IsType<Niqe>(niqe);
        Assert.Equal(MeasureGoal.Lower, niqe.Goal);
    }

    [Fact]
    public void Niqe_rises_when_gaussian_noise_is_added()
    {
        using var clean = Read(Path.Combine(TestData.Samples, "coffee.jpg"));
        using var noisy = WithNoise(clean, 10, seed: 5);
        var niqe = new Niqe();
        Assert.True(niqe.Measure(noisy) > niqe.Measure(clean) + 1);
    }

    [Fact]
    public void Niqe_rises_when_the_image_is_strongly_blurred()
    {
        using var sharp = Read(Path.Combine(TestData.Samples, "coffee.jpg"));
        using var blurred = new Mat();
        Cv2.GaussianBlur(sharp, blurred, new Size(0, 0), 4);
        var niqe = new Niqe();
        Assert.True(niqe.Measure(blurred) > niqe.Measure(sharp) + 1);
    }

    [Fact]
    public void Niqe_is_deterministic()
    {
        using var image = Read(Path.Combine(TestData.Samples, "dark-coffee.png"));
        Assert.Equal(new Niqe().Measure(image), new Niqe().Measure(image));
    }

    [Fact]
    public void Niqe_ignores_pixels_beyond_the_last_whole_patch()
    {
        using var image = Read(Path.Combine(TestData.ReferenceDir, "niqe_flat_grey.png"));
        Assert.Equal(new Size(301, 200), image.Size());
        using var cropped = new Mat(image, new Rect(0, 0, 288, 192)).Clone();
        using var altered = image.Clone();
        altered[new Rect(288, 0, 13, 200)].SetTo(Scalar.All(255));
        altered[new Rect(0, 192, 301, 8)].SetTo(Scalar.All(0));
        var niqe = new Niqe();
        Assert.Equal(niqe.Measure(cropped), niqe.Measure(image));
        Assert.Equal(niqe.Measure(cropped), niqe.Measure(altered));
    }

    [Fact]
    public void Niqe_of_grey_equals_that_of_bgr_with_equal_channels_and_ignores_alpha()
    {
        using var grey = Read(Path.Combine(TestData.ReferenceDir, "niqe_flat_grey.png"));
        using var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        using var bgra = new Mat();
        Cv2.CvtColor(bgr, bgra, ColorConversionCodes.BGR2BGRA);
        using var alpha = new Mat(grey.Size(), MatType.CV_8UC1);
        Cv2.Randu(alpha, 0, 256);
        Cv2.InsertChannel(alpha, bgra, 3);
        var niqe = new Niqe();
        double value = niqe.Measure(grey);
        Assert.Equal(value, niqe.Measure(bgr), 12);
        Assert.Equal(value, niqe.Measure(bgra), 12);
    }

    [Fact]
    public void Niqe_of_16bit_content_agrees_with_8bit()
    {
        using var image = Read(Path.Combine(TestData.ReferenceDir, "niqe_coffee.png"));
        using var wide = MeasureImages.To16Bit(image);
        var niqe = new Niqe();
        double narrow = niqe.Measure(image);
        // Both depths are measured on the rounded 8-bit grey the model was trained on.
        Assert.Equal(narrow, niqe.Measure(wide), 1e-3 * narrow);
    }

    [Theory]
    [InlineData(96, 96)]
    [InlineData(500, 95)]
    [InlineData(95, 500)]
    [InlineData(191, 191)]
    public void Niqe_rejects_images_with_fewer_than_two_patches(int width, int height)
    {
        using var image = new Mat(height, width, MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(256));
        var error = Assert.Throws<LumosException>(() => new Niqe().Measure(image));
        Assert.Contains("two 96×96 patches", error.Message);
    }

    [Fact]
    public void Niqe_rejects_a_flat_image()
    {
        using var image = new Mat(200, 300, MatType.CV_8UC3, Scalar.All(40));
        var error = Assert.Throws<LumosException>(() => new Niqe().Measure(image));
        Assert.Contains("flat", error.Message);
    }

    [Fact]
    public void Niqe_rejects_float_images()
    {
        using var image = new Mat(200, 200, MatType.CV_32FC3, Scalar.All(0.5));
        Assert.Throws<LumosException>(() => new Niqe().Measure(image));
    }

    /// <summary>The image plus seeded Gaussian noise of the given standard deviation (8-bit levels), saturated.</summary>
    private static Mat WithNoise(Mat image, double sigma, int seed)
    {
        var random = new Random(seed);
        using var noise = new Mat(image.Size(), MatType.CV_32FC3);
        int rows = image.Rows, cols = image.Cols;
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < cols; x++)
                noise.Set(y, x, new Vec3f(Normal(), Normal(), Normal()));
        using var sum = new Mat();
        image.ConvertTo(sum, MatType.CV_32FC3);
        Cv2.Add(sum, noise, sum);
        var noisy = new Mat();
        sum.ConvertTo(noisy, MatType.CV_8UC3);
        return noisy;

        float Normal() => (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
    }
}
