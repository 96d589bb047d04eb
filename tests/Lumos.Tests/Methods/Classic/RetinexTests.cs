using Lumos.Methods;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

/// <summary>Invariants every Retinex method (ssr, msr, msrcr, msrcp) keeps.</summary>
public sealed class RetinexTests
{
    public static TheoryData<string> Methods => ["ssr", "msr", "msrcr", "msrcp"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void Retinex_keeps_size_and_type_and_input_for_tiny_odd_and_16bit_images(string name)
    {
        var method = EnhancementMethods.Registry.Create(name);
        foreach (var (width, height, sixteen) in new[] { (2, 2, false), (37, 53, false), (37, 53, true), (2, 2, true) })
        {
            using var input = Input(width, height, sixteen);
            using var before = input.Clone();
            using var output = method.Enhance(input);
            Assert.Equal(input.Size(), output.Size());
            Assert.Equal(input.Type(), output.Type());
            Assert.Equal(0, Cv2.Norm(input, before, NormTypes.INF));
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Retinex_stretches_the_output_over_the_whole_range_at_8_and_16_bits(string name)
    {
        var method = EnhancementMethods.Registry.Create(name);
        foreach (var sixteen in new[] { false, true })
        {
            using var input = Input(96, 64, sixteen);
            using var output = method.Enhance(input);
            double top = sixteen ? 65535 : 255;
            using var samples = output.Reshape(1);
            Cv2.MinMaxLoc(samples, out double min, out double max);
            Assert.True(min <= 0.01 * top && max >= 0.99 * top, $"{name}: output spans {min}..{max} of 0..{top}");
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Retinex_maps_a_constant_image_to_a_constant_image(string name)
    {
        var method = EnhancementMethods.Registry.Create(name);
        foreach (var (type, colour) in new[] { (MatType.CV_8UC3, new Scalar(30, 60, 90)), (MatType.CV_16UC3, new Scalar(9000, 300, 40000)) })
        foreach (var (width, height) in new[] { (2, 2), (37, 53), (300, 200) })
        {
            using var flat = new Mat(height, width, type, colour);
            using var output = method.Enhance(flat);
            using var expected = new Mat(output.Size(), output.Type(), Cv2.Mean(output));
            Assert.True(Cv2.Norm(output, expected, NormTypes.INF) == 0, $"{name}: {width}x{height} {type} output is not constant");
        }
    }

    /// <summary>Mean sample value over all three channels.</summary>
    internal static double MeanLevel(Mat bgr)
    {
        var mean = Cv2.Mean(bgr);
        return (mean.Val0 + mean.Val1 + mean.Val2) / 3;
    }

    [Theory]
    [InlineData("ssr")]
    [InlineData("msr")]
    [InlineData("msrcr")]
    public void A_channel_without_contrast_keeps_its_level_instead_of_turning_grey(string method)
    {
        // A black frame has no detail for the Retinex to show: it stays black, not mid-grey.
        using var black = new Mat(48, 64, MatType.CV_8UC3, Scalar.All(0));
        using var fromBlack = EnhancementMethods.Registry.Create(method).Enhance(black);
        Assert.Equal(0, Cv2.CountNonZero(fromBlack.Reshape(1)));
        // A sodium-lit night scene, no blue at all: blue stays 0 (no grey-blue wash) while red and green are stretched.
        using var orange = TestData.DarkColour(64, 48);
        using (var zero = new Mat(orange.Size(), MatType.CV_8UC1, Scalar.All(0))) Cv2.InsertChannel(zero, orange, 0);
        using var fromOrange = EnhancementMethods.Registry.Create(method).Enhance(orange);
        using var blue = fromOrange.ExtractChannel(0);
        using var red = fromOrange.ExtractChannel(2);
        Assert.Equal(0, Cv2.CountNonZero(blue));
        Assert.True(Cv2.Mean(red).Val0 > 60, $"red mean {Cv2.Mean(red).Val0:0.#}");
    }

    /// <summary>The shared dark test scene at 8 bits, or scaled to 16 bits.</summary>
    internal static Mat Input(int width, int height, bool sixteen)
    {
        var colour = TestData.DarkColour(width, height);
        if (!sixteen) return colour;
        using (colour)
        {
            var deep = new Mat();
            colour.ConvertTo(deep, MatType.CV_16UC3, 257);
            return deep;
        }
    }
}
