using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Measures;

public sealed class ImageMeasuresTests
{
    private static IImageMeasure Create(string name) => (IImageMeasure)QualityMeasures.Registry.Create(name);

    private static readonly string[] BuiltIn = ["brightness", "michelson", "rms-contrast", "entropy", "colourfulness"];

    public static TheoryData<string> Names => new(BuiltIn);

    [Fact]
    public void Registry_lists_every_built_in_no_reference_measure()
    {
        // NIQE needs two 96×96 patches, so the small-image theories below leave it to NiqeTests.
        Assert.Equal(BuiltIn.Append("niqe").Order(StringComparer.Ordinal), QualityMeasures.NoReference.Select(m => m.Name));
        Assert.All(QualityMeasures.Registry.All, m => Assert.NotEmpty(m.Citation));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Measure_matches_the_python_reference(string name)
    {
        using var image = MeasureImages.ReferenceInput();
        double expected = TestData.Reference("measures.json").GetProperty("measures").GetProperty(name).GetDouble();
        // Colourfulness works in float32 planes, Michelson on float32 luma; the others are exact sums of integer samples.
        double tolerance = name == "colourfulness" ? 1e-4 * expected : name == "michelson" ? 1e-7 : 1e-9;
        Assert.Equal(expected, Create(name).Measure(image), tolerance);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Measure_of_grey_equals_that_of_bgr_with_equal_channels(string name)
    {
        using var colour = TestData.DarkColour(37, 53);
        using var grey = new Mat();
        Cv2.CvtColor(colour, grey, ColorConversionCodes.BGR2GRAY);
        using var bgr = new Mat();
        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
        var measure = Create(name);
        Assert.Equal(measure.Measure(grey), measure.Measure(bgr), 9);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Measure_of_16bit_content_agrees_with_8bit(string name)
    {
        using var image = MeasureImages.ReferenceInput();
        using var wide = MeasureImages.To16Bit(image);
        var measure = Create(name);
        double narrow = measure.Measure(image);
        // Luma is rounded at each depth, so a pixel's 8-bit luma may sit half a level from its 16-bit luma / 257.
        // Michelson reads only the darkest pixel (here level 16), so half a level moves it by ~0.006.
        double tolerance = name == "michelson" ? 0.01 : 1e-3 * Math.Max(1, Math.Abs(narrow));
        Assert.Equal(narrow, measure.Measure(wide), tolerance);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Measure_ignores_alpha(string name)
    {
        using var image = MeasureImages.ReferenceInput();
        using var alpha = new Mat(image.Size(), MatType.CV_8UC1);
        Cv2.Randu(alpha, 0, 256);
        using var bgra = new Mat();
        Cv2.CvtColor(image, bgra, ColorConversionCodes.BGR2BGRA);
        Cv2.InsertChannel(alpha, bgra, 3);
        var measure = Create(name);
        Assert.Equal(measure.Measure(image), measure.Measure(bgra), 12);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Measure_rejects_float_images(string name)
    {
        using var image = new Mat(4, 4, MatType.CV_32FC3, Scalar.All(0.5));
        Assert.Throws<LumosException>(() => Create(name).Measure(image));
    }
}
