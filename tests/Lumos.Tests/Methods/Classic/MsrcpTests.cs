using Lumos.Methods;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class MsrcpTests
{
    [Fact]
    public void Msrcp_brightens_a_dark_image()
    {
        using var dark = TestData.DarkColour(160, 120);
        using var output = EnhancementMethods.Registry.Create("msrcp").Enhance(dark);
        double before = RetinexTests.MeanLevel(dark), after = RetinexTests.MeanLevel(output);
        Assert.True(after > before + 50, $"mean {before:0.#} -> {after:0.#}");
    }

    [Theory]
    [InlineData(false, 3.0, 0.5)]
    [InlineData(true, 0.02, 0.005)]
    public void Msrcp_keeps_the_hue_of_coloured_pixels(bool sixteen, double maxDegrees, double meanDegrees)
    {
        // Only rounding of the output moves hue: half a level in each channel moves it by at most about
        // 60°·1.5/chroma, i.e. 3° at an output chroma of 30 (8-bit) levels, so greyer pixels (and the 1 %
        // clipped to black) are left out, as are input pixels with chroma under 10 levels.
        using var input = RetinexTests.Input(160, 120, sixteen);
        using var output = EnhancementMethods.Registry.Create("msrcp").Enhance(input);
        double scale = sixteen ? 257 : 1, worst = 0, sum = 0;
        int count = 0;
        using var inputF = new Mat();
        using var outputF = new Mat();
        input.ConvertTo(inputF, MatType.CV_64FC3);
        output.ConvertTo(outputF, MatType.CV_64FC3);
        int rows = input.Rows, cols = input.Cols;
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < cols; x++)
            {
                var a = inputF.At<Vec3d>(y, x);
                var b = outputF.At<Vec3d>(y, x);
                if (Chroma(a) < 10 * scale || Chroma(b) < 30 * scale) continue;
                double error = HueDistance(Hue(a), Hue(b));
                worst = Math.Max(worst, error);
                sum += error;
                count++;
            }
        Assert.True(count > rows * cols / 4, $"only {count} coloured pixels");
        Assert.True(worst < maxDegrees, $"max hue error {worst:0.###}°");
        Assert.True(sum / count < meanDegrees, $"mean hue error {sum / count:0.####}°");
    }

    private static double Chroma(Vec3d bgr) => Math.Max(bgr.Item0, Math.Max(bgr.Item1, bgr.Item2)) - Math.Min(bgr.Item0, Math.Min(bgr.Item1, bgr.Item2));

    /// <summary>HSV hue in degrees, from the exact float values.</summary>
    private static double Hue(Vec3d bgr)
    {
        double b = bgr.Item0, g = bgr.Item1, r = bgr.Item2, max = Math.Max(r, Math.Max(g, b)), c = Chroma(bgr);
        double h = max == r ? (g - b) / c : max == g ? 2 + (b - r) / c : 4 + (r - g) / c;
        return (60 * h + 360) % 360;
    }

    private static double HueDistance(double a, double b) => Math.Min(Math.Abs(a - b), 360 - Math.Abs(a - b));
}
