using Lumos.Imaging;
using Lumos.Nets.Methods;
using Lumos.Onnx;

namespace Lumos.Tests.Nets.Methods;

public sealed class MbllenPostProcessTests
{
    /// <summary>The formula of make_mbllen_post.py: scale · (0.5 + 0.5 sin(0.7x + 0.4y + 1.3c)), as (1, 3, H, W).</summary>
    private static PlanarImage Input(int h, int w, float scale)
    {
        var image = new PlanarImage(3, h, w);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    image.Data[c * h * w + y * w + x] = scale * (0.5f + 0.5f * MathF.Sin(0.7f * x + 0.4f * y + 1.3f * c));
        return image;
    }

    [Theory]
    [InlineData("dark")]   // gain, black point and saturation
    [InlineData("bright")] // over 5% already above 0.8: no gain
    public void Mbllen_post_process_matches_the_official_test_script(string name)
    {
        var reference = TestData.Reference("mbllen_post.json").GetProperty(name);
        int h = reference.GetProperty("height").GetInt32(), w = reference.GetProperty("width").GetInt32();
        var input = Input(h, w, (float)reference.GetProperty("scale").GetDouble());
        var before = (float[])input.Data.Clone();
        var output = new MbllenPostProcess(new MbllenPostProcessOptions()).Apply(input);
        Assert.Equal(before, input.Data);
        // The reference is H×W×C (numpy's layout).
        var actual = Enumerable.Range(0, h * w * 3).Select(i => output.Data[i % 3 * h * w + i / 3]).ToArray();
        var expected = reference.GetProperty("output_hwc").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i], 2e-5);
    }

    [Fact]
    public void Mbllen_post_process_keeps_grey_pixels_grey_and_stretches_to_the_black_point()
    {
        // Grey ramp 0..0.38: no saturation change; gain 0.8 / P95, then [P5, 1] → [0, 1].
        var ramp = new PlanarImage(3, 4, 5);
        for (int i = 0; i < ramp.Data.Length; i++) ramp.Data[i] = (float)(0.38 * (i % 20) / 19);
        var output = new MbllenPostProcess(new MbllenPostProcessOptions()).Apply(ramp);
        Assert.Equal(output.Plane(0).ToArray(), output.Plane(1).ToArray());
        Assert.Equal(output.Plane(1).ToArray(), output.Plane(2).ToArray());
        double p95 = 0.38 * 0.95, gained = 0.8 / p95, p5 = 0.38 * 0.05 * gained;
        double expectedTop = (Math.Min(0.38 * gained, 1) - p5) / (1 - p5);
        Assert.Equal(expectedTop, output.Data[19], 1e-5);
        Assert.Equal(0.0, output.Data[0], 1e-6);
    }
}
