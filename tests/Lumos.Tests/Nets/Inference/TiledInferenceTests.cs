using Lumos.Nets;
using Lumos.Nets.Inference;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Tests.Nets.Inference;

public sealed class TiledInferenceTests
{
    [Fact]
    public void Tiled_equals_untiled_when_the_receptive_field_is_within_the_overlaps_guard()
    {
        using var scope = NewDisposeScope();
        using var net = NetTestData.SeededZeroDce();
        var input = NetTestData.RandomImage(100, 150);
        var untiled = TiledInference.Run(net.forward, input, new TilingPlan(0, 32, 1024, 1200));
        int calls = 0;
        var tiled = TiledInference.Run(x => { calls++; return net.forward(x); }, input, new TilingPlan(70, 32, 1024, 1200));
        Assert.True(calls >= 6, $"{calls} tiles");
        Assert.Equal(untiled.shape, tiled.shape);
        Assert.True(NetTestData.MaxDifference(untiled, tiled) < 1e-4, $"max difference {NetTestData.MaxDifference(untiled, tiled)}");
    }

    [Fact]
    public void A_too_small_overlap_shows_seams()
    {
        using var scope = NewDisposeScope();
        using var net = NetTestData.SeededZeroDce();
        var input = NetTestData.RandomImage(100, 150);
        var untiled = net.forward(input);
        var tiled = TiledInference.Run(net.forward, input, new TilingPlan(40, 8, 1024, 1200));
        Assert.True(NetTestData.MaxDifference(untiled, tiled) > 1e-4);
    }

    [Fact]
    public void Odd_sizes_keep_their_shape_with_and_without_tiles()
    {
        using var scope = NewDisposeScope();
        using var net = NetTestData.SeededZeroDce();
        var input = NetTestData.RandomImage(37, 53);
        var reports = new List<(int, int)>();
        var tiled = TiledInference.Run(net.forward, input, new TilingPlan(20, 8, 1024, 1200), (done, total) => reports.Add((done, total)));
        Assert.Equal([1L, 3, 37, 53], tiled.shape);
        Assert.Equal([1L, 3, 37, 53], TiledInference.Run(net.forward, input, new TilingPlan(0, 8, 1024, 1200)).shape);
        Assert.Equal(Enumerable.Range(1, reports.Count), reports.Select(r => r.Item1));
        Assert.All(reports, r => Assert.Equal(reports.Count, r.Item2));
        Assert.True(reports.Count >= 4);
    }

    [Fact]
    public void A_scale_factor_makes_output_tiles_scale_times_the_input_tiles()
    {
        using var scope = NewDisposeScope();
        TorchRuntime.EnsureCorrect(); // a raw convolution, built without a net
        random.manual_seed(11);
        using var conv = Conv2d(3, 3, 3, padding: 1);
        Tensor Upscale(Tensor x) => conv.forward(functional.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest));
        var input = NetTestData.RandomImage(45, 61);
        var untiled = TiledInference.Run(Upscale, input, new TilingPlan(0, 16, 1024, 100, Scale: 2));
        var tiled = TiledInference.Run(Upscale, input, new TilingPlan(36, 16, 1024, 100, Scale: 2));
        Assert.Equal([1L, 3, 90, 122], tiled.shape);
        Assert.True(NetTestData.MaxDifference(untiled, tiled) < 1e-5);
    }

    [Fact]
    public void The_tile_side_follows_the_memory_budget()
    {
        var plan = new TilingPlan(0, 32, 1, 100);
        Assert.Equal(102, plan.TileSide(4000, 3000)); // √(1 MiB / 100 B)
        Assert.Equal(90, plan.TileSide(90, 60)); // fits: one tile
        Assert.Equal(256, (plan with { Tile = 256 }).TileSide(4000, 3000));
        Assert.Equal(65, (plan with { Tile = 10 }).TileSide(4000, 3000)); // at least twice the overlap
    }
}
