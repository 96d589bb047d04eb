using Lumos.Nets.Inference;

namespace Lumos.Tests.Nets.Inference;

public class NetRunOptionsTests
{
    private static readonly NetFootprint Footprint = new(Onnx: 600, Torch: 7000);

    [Theory]
    [InlineData("onnx", 600)]
    [InlineData("torch", 7000)]
    [InlineData("TorchSharp", 7000)]
    public void The_tile_plan_takes_the_chosen_engines_bytes_per_pixel(string engine, double expected)
    {
        var plan = new NetRunOptions { Engine = engine }.Plan(overlap: 80, Footprint);
        Assert.Equal(expected, plan.BytesPerPixel);
    }

    [Fact]
    public void A_photo_that_fits_the_budget_on_onnx_runtime_is_one_tile_but_tiles_on_torchsharp()
    {
        // 1200×800 (a ×2 VDSR input of a 600×400 photo) under the default 1 GiB budget.
        Assert.Equal(1200, new NetRunOptions().Plan(80, Footprint).TileSide(800, 1200));
        Assert.Equal(391, new NetRunOptions { Engine = "torch" }.Plan(80, Footprint).TileSide(800, 1200)); // √(1 GiB / 7000 B)
    }

    [Fact]
    public void An_unknown_engine_is_named_in_the_error()
    {
        var error = Assert.Throws<LumosException>(() => new NetRunOptions { Engine = "tensorflow" }.Plan(80, Footprint));
        Assert.Contains("tensorflow", error.Message);
    }
}
