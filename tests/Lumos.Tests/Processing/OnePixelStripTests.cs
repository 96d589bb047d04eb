using Lumos.Methods;
using Lumos.Processing;
using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Tests.Processing;

/// <summary>A 1-pixel-high or -wide strip (a line-scan row, a 1×1 swatch) is an image like any other.</summary>
public sealed class OnePixelStripTests
{
    public static TheoryData<string> Methods() => [.. EnhancementMethods.Registry.All.Select(m => m.Name).Where(n => n != "onnx")]; // onnx needs a model file
    public static TheoryData<string> UpscalerNames() =>
        [.. Upscalers.Registry.All.Select(u => u.Name).Where(n => n is not ("onnx" or "srresnet" or "srgan"))]; // a model file; no shipped weights

    [Theory, MemberData(nameof(Methods))]
    public void Every_method_takes_a_one_pixel_strip(string method)
    {
        using var operation = Operations.Create(method, []);
        foreach (var (width, height) in new[] { (37, 1), (1, 37), (1, 1) })
        {
            using var image = Strip(width, height);
            using var result = Processor.Apply(operation, image);
            Assert.Equal((width, height, image.Type()), (result.Width, result.Height, result.Type()));
        }
    }

    [Theory, MemberData(nameof(UpscalerNames))]
    public void Every_upscaler_takes_a_one_pixel_strip_at_its_default_scale(string upscaler)
    {
        int scale = Upscalers.Registry.Create(upscaler).DefaultScale ?? 2;
        using var operation = Operations.Create(upscaler, [new(Operations.ScaleKey, scale.ToString())]);
        foreach (var (width, height) in new[] { (37, 1), (1, 37), (1, 1) })
        {
            using var image = Strip(width, height);
            using var result = Processor.Apply(operation, image);
            Assert.Equal((width * scale, height * scale, image.Type()), (result.Width, result.Height, result.Type()));
        }
    }

    private static Mat Strip(int width, int height)
    {
        using var colour = TestData.DarkColour(Math.Max(width, 2), Math.Max(height, 2));
        return new Mat(colour, new Rect(0, 0, width, height)).Clone();
    }
}
