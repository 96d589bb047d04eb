using Lumos.Methods;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class ClassicMethodsShapeTests
{
    public static TheoryData<string, int, int, bool> Cases()
    {
        var data = new TheoryData<string, int, int, bool>();
        foreach (var name in new[] { "he", "clahe", "log", "auto-gamma", "dong" })
            foreach (var (w, h) in new[] { (2, 2), (37, 53) })
                foreach (var wide in new[] { false, true })
                    data.Add(name, w, h, wide);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classic_method_returns_a_new_image_of_the_input_size_and_type(string name, int width, int height, bool sixteenBit)
    {
        using var dark8 = TestData.DarkColour(width, height);
        using var input = new Mat();
        dark8.ConvertTo(input, sixteenBit ? MatType.CV_16UC3 : MatType.CV_8UC3, sixteenBit ? 257 : 1);
        using var copy = input.Clone();
        using var result = EnhancementMethods.Registry.Create(name).Enhance(input);
        Assert.Equal(input.Size(), result.Size());
        Assert.Equal(input.Type(), result.Type());
        using var diff = new Mat();
        Cv2.Absdiff(input, copy, diff);
        Assert.Equal(0, Cv2.CountNonZero(diff.Reshape(1)));
        Assert.True(Cv2.Mean(result).Val0 >= Cv2.Mean(input).Val0, $"{name} darkened a dark image");
    }
}
