using Lumos.Methods;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Methods;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Methods;

public sealed class PairLieMethodTests
{
    private static string OfficialWeights()
    {
        var path = Path.Combine(TestData.RequireShared(), "weights", "pairlie", "PairLIE.pth");
        Skip.IfNot(File.Exists(path), $"{path} is absent");
        return path;
    }

    [SkippableFact]
    public void Pairlie_with_the_official_weights_brightens_any_size_and_depth_tiled_or_not_on_both_engines()
    {
        var weights = OfficialWeights();
        var method = EnhancementMethods.Registry.Create("pairlie", [new("weights", weights)]);
        var torch = EnhancementMethods.Registry.Create("pairlie", [new("weights", weights), new("engine", "torch")]);
        var tiled = new PairLieMethod(new PairLieMethodOptions { Weights = weights, Run = new() { Tile = 96 } });
        foreach (var type in new[] { MatType.CV_8UC3, MatType.CV_16UC3 })
            foreach (var (width, height) in new[] { (2, 2), (37, 53), (150, 100) })
            {
                using var dark8 = TestData.DarkColour(width, height);
                using var input = new Mat();
                dark8.ConvertTo(input, type, type == MatType.CV_16UC3 ? 257 : 1);
                using var output = method.Enhance(input);
                using var outputTorch = torch.Enhance(input);
                using var outputTiled = tiled.Enhance(input);
                Assert.Equal(input.Size(), output.Size());
                Assert.Equal(input.Type(), output.Type());
                Assert.True(Cv2.Mean(output).Val0 > 1.5 * Cv2.Mean(input).Val0);
                double step = type == MatType.CV_8UC3 ? 1 : 257;
                Assert.True(Cv2.Norm(output, outputTorch, NormTypes.INF) <= step);
                Assert.True(Cv2.Norm(output, outputTiled, NormTypes.INF) <= step);
            }
    }

    [Fact]
    public void A_lower_exponent_brightens_more_and_overrides_the_checkpoints_own()
    {
        using var input = TestData.DarkColour(48, 40);
        using var standard = EnhancementMethods.Registry.Create("pairlie").Enhance(input);
        using var brighter = EnhancementMethods.Registry.Create("pairlie", [new("exponent", "0.1")]).Enhance(input);
        using var brighterTorch = EnhancementMethods.Registry.Create("pairlie", [new("exponent", "0.1"), new("engine", "torch")]).Enhance(input);
        Assert.True(Cv2.Mean(brighter).Val0 > Cv2.Mean(standard).Val0 + 1);
        Assert.True(Cv2.Norm(brighter, brighterTorch, NormTypes.INF) <= 1);
    }

    [Fact]
    public void The_shipped_pairlie_checkpoint_is_the_default_trained_by_lumos_and_brightens()
    {
        Assert.Contains("pairlie", Checkpoint.ShippedNames);
        var meta = Checkpoint.ReadMeta(Checkpoint.Resolve("pairlie"));
        Assert.Equal("pairlie", meta.Arch);
        Assert.Contains("lumos train pairlie", meta.Command);
        Assert.Contains("two-exposure", meta.Data);
        using var input = TestData.DarkColour(64, 48);
        using var output = EnhancementMethods.Registry.Create("pairlie").Enhance(input);
        Assert.True(Cv2.Mean(output).Val0 > 1.5 * Cv2.Mean(input).Val0);
    }

    [Fact]
    public void A_checkpoint_of_another_net_is_a_clear_error()
    {
        var e = Assert.Throws<LumosException>(() => EnhancementMethods.Registry.Create("pairlie", [new("weights", "zerodce")]));
        Assert.Contains("a zerodce checkpoint, not pairlie", e.Message);
    }
}
