using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Archs;

public sealed class ZeroDceTests
{
    [Fact]
    public void Zero_dce_has_the_papers_79416_parameters_under_the_official_names()
    {
        using var net = NetTestData.SeededZeroDce();
        Assert.Equal(79_416, NetArchs.ParameterCount(net));
        var expected = Enumerable.Range(1, 7).SelectMany(i => new[] { $"e_conv{i}.weight", $"e_conv{i}.bias" });
        Assert.Equal(expected.Order(), net.state_dict().Keys.Order());
        Assert.Equal([24L, 64, 3, 3], net.state_dict()["e_conv7.weight"].shape);
    }

    [Fact]
    public void One_curve_iteration_matches_le_of_x_by_hand_on_a_2x2_image()
    {
        using var scope = NewDisposeScope();
        // Official form x + r(x² − x) = LE(x) = x + αx(1 − x) with α = −r.
        var x = tensor(new float[] { 0.2f, 0.5f, 0.8f, 1.0f }, [1, 1, 2, 2]).expand(1, 3, 2, 2);
        var brighten = ZeroDce.ApplyCurves(x, full([1, 3, 2, 2], -1f));
        var darken = ZeroDce.ApplyCurves(x, full([1, 3, 2, 2], 0.5f));
        Assert.Equal(new[] { 0.36f, 0.75f, 0.96f, 1.0f }, brighten[0, 1].flatten().data<float>().ToArray(), new FloatTolerance(1e-6f));
        Assert.Equal(new[] { 0.12f, 0.375f, 0.72f, 1.0f }, darken[0, 2].flatten().data<float>().ToArray(), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Two_iterations_apply_their_own_curve_maps_in_order()
    {
        using var scope = NewDisposeScope();
        var x = full([1, 3, 1, 1], 0.5f);
        var curves = cat([full([1, 3, 1, 1], -1f), full([1, 3, 1, 1], 0.5f)], 1);
        // 0.5 → 0.5 + 0.25 = 0.75 → 0.75 + 0.5·(0.5625 − 0.75) = 0.65625
        Assert.Equal(0.65625f, ZeroDce.ApplyCurves(x, curves)[0, 0, 0, 0].item<float>(), 6);
    }

    [Fact]
    public void Shared_curves_apply_one_map_to_every_channel_and_keep_the_colour_balance()
    {
        using var scope = NewDisposeScope();
        using var net = new ZeroDce(new ZeroDceOptions { SharedCurves = true, Iterations = 4 });
        using var noGrad = no_grad();
        var x = NetTestData.RandomImage(19, 23);
        var curves = net.CurveMaps(x);
        Assert.Equal([1L, 4, 19, 23], curves.shape);
        var perChannel = cat(curves.split(1, 1).Select(map => map.expand(1, 3, 19, 23)).ToList(), 1); // each map copied to R, G, B
        Assert.Equal(0, (net.forward(x) - ZeroDce.ApplyCurves(x, perChannel)).abs().max().item<float>(), 6);
        // The same increasing curve on every channel keeps the order of a pixel's channels.
        var grey = tensor(new float[] { 0.1f, 0.2f, 0.3f }, [1, 3, 1, 1]);
        var enhanced = ZeroDce.ApplyCurves(grey, full([1, 2, 1, 1], -0.8f), mapsPerIteration: 1).flatten().data<float>().ToArray();
        Assert.True(enhanced[0] < enhanced[1] && enhanced[1] < enhanced[2] && enhanced[0] > 0.1f);
    }

    [Fact]
    public void Output_keeps_odd_sizes_and_the_unit_range()
    {
        using var scope = NewDisposeScope();
        using var net = NetTestData.SeededZeroDce();
        using var noGrad = no_grad();
        var output = net.forward(NetTestData.RandomImage(37, 53));
        Assert.Equal([1L, 3, 37, 53], output.shape);
        var curves = net.CurveMaps(NetTestData.RandomImage(37, 53));
        Assert.Equal([1L, 24, 37, 53], curves.shape);
        Assert.True(output.min().item<float>() >= 0 && output.max().item<float>() <= 1);
    }

    [SkippableFact]
    public void Official_weights_give_the_output_of_an_independent_numpy_implementation()
    {
        // tests/reference/make_zerodce.py: its own legacy-pickle reader and float64 convolutions, as model.py.
        var weights = NetTestData.OfficialZeroDceWeights();
        var reference = TestData.Reference("zerodce.json").GetProperty("output").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        using var scope = NewDisposeScope();
        using var net = new ZeroDce(new ZeroDceOptions());
        Checkpoint.LoadWeights(net, weights);
        net.eval();
        var c = arange(3).view(3, 1, 1);
        var y = arange(12).view(1, 12, 1);
        var x = arange(16).view(1, 1, 16);
        var input = (0.02 + 0.015 * x + 0.01 * y + 0.05 * ((x + 2 * y + c) % 3)).to(ScalarType.Float32).unsqueeze(0);
        using var noGrad = no_grad();
        var output = net.forward(input).flatten().data<float>().ToArray();
        Assert.Equal(reference.Length, output.Length);
        Assert.True(reference.Zip(output).Max(p => Math.Abs(p.First - p.Second)) < 1e-5, $"max error {reference.Zip(output).Max(p => Math.Abs(p.First - p.Second))}");
    }

    [SkippableFact]
    public void Official_weights_load_and_brighten_a_real_low_light_image()
    {
        var weights = NetTestData.OfficialZeroDceWeights();
        var photo = Path.Combine(TestData.RequireShared(), "lowlight", "LOL-eval15-low", "1.png");
        using var scope = NewDisposeScope();
        using var net = new ZeroDce(new ZeroDceOptions());
        Checkpoint.LoadWeights(net, weights);
        net.eval();
        using var bgr = Cv2.ImRead(photo);
        using var noGrad = no_grad();
        var input = TensorBridge.ToTensor(bgr);
        var output = net.forward(input);
        double before = input.mean().item<float>(), after = output.mean().item<float>();
        Assert.InRange(before, 0.0, 0.15);
        Assert.True(after > 2.5 * before, $"mean {before:F3} → {after:F3}");
        Assert.True(output.min().item<float>() >= 0 && output.max().item<float>() <= 1.0001);
        // The net brightens dark pixels most: the curve keeps the order of intensities.
        var (dark, bright) = (input.mean([1]) < 0.05, input.mean([1]) > 0.3);
        Assert.True(output.mean([1]).masked_select(dark).mean().item<float>() < output.mean([1]).masked_select(bright).mean().item<float>());
    }
}

/// <summary>Compares floats within an absolute tolerance.</summary>
internal sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(float obj) => 0;
}
