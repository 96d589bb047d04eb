using Lumos.Methods;
using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Tests.Processing;

/// <summary>
/// Caller-supplied destinations (issue 13): a video or batch passes one output Mat for every frame; the methods write
/// into it without reallocating and give exactly what a fresh output gets.
/// </summary>
public class DestinationTests
{
    public static TheoryData<string> ClassicMethods() =>
        [.. EnhancementMethods.Registry.All.Where(m => m.Type.Namespace == "Lumos.Methods.Classic").Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(ClassicMethods))]
    public void Classic_method_writes_into_a_reused_destination_exactly_what_a_fresh_output_gets(string name)
    {
        var method = EnhancementMethods.Registry.Create(name);
        foreach (var depth in new[] { MatType.CV_8UC3, MatType.CV_16UC3 })
        {
            using var first = Frame(seed: 1, depth);
            using var second = Frame(seed: 2, depth);
            using var destination = new Mat();

            method.Enhance(first, destination);
            nint buffer = destination.Data;
            using (var expected = method.Enhance(first)) AssertEqual(expected, destination, $"{name} {depth}, first frame");
            method.Enhance(second, destination);

            Assert.Equal(buffer, destination.Data); // the same memory: nothing reallocated for a same-size frame
            using (var expected = method.Enhance(second)) AssertEqual(expected, destination, $"{name} {depth}, second frame");
        }
    }

    [Fact]
    public void A_destination_of_another_size_or_type_is_reshaped_and_fully_written()
    {
        var method = EnhancementMethods.Registry.Create("dong");
        using var image = Frame(seed: 3, MatType.CV_8UC3);
        using var destination = new Mat(7, 5, MatType.CV_16UC1, Scalar.All(9));

        method.Enhance(image, destination);

        using var expected = method.Enhance(image);
        AssertEqual(expected, destination, "dong into a 5×7 16-bit grey Mat");
    }

    [Theory]
    [MemberData(nameof(ClassicMethods))]
    public void Classic_method_refuses_a_destination_that_shares_the_input_memory(string name)
    {
        var method = EnhancementMethods.Registry.Create(name);
        using var image = Frame(seed: 6, MatType.CV_8UC3);
        using var before = image.Clone();
        using var rows = image.RowRange(10, 30); // a view into the input

        Assert.Throws<ArgumentException>(() => method.Enhance(image, image));
        Assert.Throws<ArgumentException>(() => method.Enhance(rows, image));
        Assert.Equal(0, Cv2.Norm(before, image, NormTypes.INF)); // refused before anything was written
    }

    [Theory]
    [InlineData("gamma", 1)] // a luma method takes grey straight into the destination
    [InlineData("msrcr", 1)]  // grey through colour and back
    [InlineData("msrcr", 4)]  // alpha set aside and merged back
    [InlineData("he", 3)]
    public void Processor_into_a_destination_equals_its_fresh_output_for_every_layout(string name, int channels)
    {
        using var operation = Operations.Create(name, []);
        using var colour = Frame(seed: 4, MatType.CV_8UC3);
        using var image = new Mat();
        if (channels == 1) Cv2.CvtColor(colour, image, ColorConversionCodes.BGR2GRAY);
        else if (channels == 4) Cv2.CvtColor(colour, image, ColorConversionCodes.BGR2BGRA);
        else colour.CopyTo(image);
        using var destination = new Mat();

        Processor.Apply(operation, image, destination);
        nint buffer = destination.Data;
        Processor.Apply(operation, image, destination);

        using var expected = Processor.Apply(operation, image);
        AssertEqual(expected, destination, $"{name} on {channels} channels");
        Assert.Equal(buffer, destination.Data);
    }

    [Fact]
    public void Banded_operation_writes_its_bands_into_the_destination_and_equals_its_fresh_output()
    {
        using var upscale = Operations.Create("bicubic", [new("scale", "2")]);
        using var image = Frame(seed: 5, MatType.CV_8UC3);
        using var destination = new Mat();

        Processor.Apply(upscale, image, destination, bandPixels: 2000); // several bands
        nint buffer = destination.Data;
        Processor.Apply(upscale, image, destination, bandPixels: 2000);

        using var expected = Processor.Apply(upscale, image);
        AssertEqual(expected, destination, "bicubic ×2 in bands");
        Assert.Equal(buffer, destination.Data);
    }

    private static Mat Frame(int seed, MatType type)
    {
        using var image8 = TestData.DarkColour(80, 56, seed);
        var image = new Mat();
        image8.ConvertTo(image, type, type == MatType.CV_16UC3 ? 257 : 1);
        return image;
    }

    private static void AssertEqual(Mat expected, Mat actual, string what)
    {
        Assert.True(expected.Size() == actual.Size() && expected.Type() == actual.Type(),
            $"{what}: {actual.Type()} {actual.Size()}, expected {expected.Type()} {expected.Size()}");
        Assert.True(Cv2.Norm(expected, actual, NormTypes.INF) == 0, $"{what}: differs from the fresh output");
    }
}
