using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Measures;

public sealed class ReferenceMeasuresTests
{
    private static IReferenceMeasure Create(string name) => (IReferenceMeasure)QualityMeasures.Registry.Create(name);

    private static readonly Dictionary<string, (MeasureGoal Goal, double Identical)> BuiltIn = new()
    {
        ["psnr"] = (MeasureGoal.Higher, double.PositiveInfinity),
        ["ssim"] = (MeasureGoal.Higher, 1),
        ["ms-ssim"] = (MeasureGoal.Higher, 1),
        ["ciede2000"] = (MeasureGoal.Lower, 0),
        ["loe"] = (MeasureGoal.Lower, 0),
    };

    public static TheoryData<string> Names => new(BuiltIn.Keys);

    [Fact]
    public void Registry_lists_every_built_in_full_reference_measure()
    {
        Assert.Equal(BuiltIn.Keys.Order(StringComparer.Ordinal), QualityMeasures.FullReference.Select(m => m.Name));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Identical_images_score_the_best_value_in_the_declared_direction(string name)
    {
        using var image = TestData.DarkColour(180, 176);
        var measure = Create(name);
        Assert.Equal(BuiltIn[name].Goal, measure.Goal);
        Assert.Equal(BuiltIn[name].Identical, measure.Measure(image, image), 12);
        using var noisy = MeasureImages.WithNoise(image, 8);
        double worse = measure.Measure(noisy, image);
        Assert.True(BuiltIn[name].Goal == MeasureGoal.Higher ? worse < BuiltIn[name].Identical : worse > BuiltIn[name].Identical, $"{name}: {worse}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Images_of_different_sizes_are_refused_with_both_sizes(string name)
    {
        using var image = TestData.DarkColour(200, 180);
        using var reference = TestData.DarkColour(180, 200);
        var error = Assert.Throws<LumosException>(() => Create(name).Measure(image, reference));
        Assert.Equal("image is 200×180 but reference is 180×200: full-reference measures compare images of the same size", error.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Images_of_different_depths_are_refused(string name)
    {
        using var image = TestData.DarkColour(180, 180);
        using var wide = MeasureImages.To16Bit(image);
        var error = Assert.Throws<LumosException>(() => Create(name).Measure(image, wide));
        Assert.Contains("8-bit but reference is 16-bit", error.Message);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Alpha_is_ignored(string name)
    {
        using var image = TestData.DarkColour(180, 176);
        using var noisy = MeasureImages.WithNoise(image, 5);
        using var bgra = new Mat();
        Cv2.CvtColor(noisy, bgra, ColorConversionCodes.BGR2BGRA);
        using var alpha = new Mat(image.Size(), MatType.CV_8UC1);
        Cv2.Randu(alpha, 0, 256);
        Cv2.InsertChannel(alpha, bgra, 3);
        var measure = Create(name);
        Assert.Equal(measure.Measure(noisy, image), measure.Measure(bgra, image), 12);
    }
}
