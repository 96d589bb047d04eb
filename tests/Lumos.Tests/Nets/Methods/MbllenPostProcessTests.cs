using Lumos.Nets.Methods;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Methods;

public sealed class MbllenPostProcessTests
{
    /// <summary>The formula of make_mbllen_post.py: scale · (0.5 + 0.5 sin(0.7x + 0.4y + 1.3c)), as (1, 3, H, W).</summary>
    private static Tensor Input(int h, int w, float scale)
    {
        var y = arange(h, dtype: float32).view(1, 1, h, 1);
        var x = arange(w, dtype: float32).view(1, 1, 1, w);
        var c = arange(3, dtype: float32).view(1, 3, 1, 1);
        return scale * (0.5f + 0.5f * sin(0.7f * x + 0.4f * y + 1.3f * c));
    }

    [Theory]
    [InlineData("dark")]   // gain, black point and saturation
    [InlineData("bright")] // over 5% already above 0.8: no gain
    public void Mbllen_post_process_matches_the_official_test_script(string name)
    {
        var reference = TestData.Reference("mbllen_post.json").GetProperty(name);
        int h = reference.GetProperty("height").GetInt32(), w = reference.GetProperty("width").GetInt32();
        using var scope = NewDisposeScope();
        var input = Input(h, w, (float)reference.GetProperty("scale").GetDouble());
        var before = input.clone();
        var output = new MbllenPostProcess(new MbllenPostProcessOptions()).Apply(input);
        Assert.True(input.allclose(before, rtol: 0, atol: 0));
        var actual = output[0].permute(1, 2, 0).contiguous().data<float>().ToArray();
        var expected = reference.GetProperty("output_hwc").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i], 2e-5);
    }

    [Fact]
    public void Mbllen_post_process_keeps_grey_pixels_grey_and_stretches_to_the_black_point()
    {
        // Grey ramp 0..0.38: no saturation change; gain 0.8 / P95, then [P5, 1] → [0, 1].
        using var scope = NewDisposeScope();
        var ramp = linspace(0, 0.38, 20).view(1, 1, 4, 5).expand(1, 3, 4, 5).contiguous();
        var output = new MbllenPostProcess(new MbllenPostProcessOptions()).Apply(ramp);
        Assert.True(output[0, 0].allclose(output[0, 1]) && output[0, 1].allclose(output[0, 2]));
        double p95 = 0.38 * 0.95, gained = 0.8 / p95, p5 = 0.38 * 0.05 * gained;
        double expectedTop = (Math.Min(0.38 * gained, 1) - p5) / (1 - p5);
        Assert.Equal(expectedTop, output[0, 0, 3, 4].item<float>(), 1e-5);
        Assert.Equal(0.0, output[0, 0, 0, 0].item<float>(), 1e-6);
    }
}
