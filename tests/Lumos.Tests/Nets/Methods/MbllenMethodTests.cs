using Lumos.Methods;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Methods;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Methods;

public sealed class MbllenMethodTests
{
    [Fact]
    public void Mbllen_tiled_equals_untiled_within_1e_4()
    {
        // 220×200 with 200-pixel tiles: four tiles, seams crossing the image; raw net output (no post-processing).
        using var input = TestData.DarkColour(220, 200);
        using var input16 = new Mat();
        input.ConvertTo(input16, MatType.CV_16UC3, 257);
        var whole = new MbllenMethod(new MbllenMethodOptions { PostProcess = false });
        var tiled = new MbllenMethod(new MbllenMethodOptions { PostProcess = false, Run = new() { Tile = 200 } });
        using var a = whole.Enhance(input16);
        using var b = tiled.Enhance(input16);
        Assert.True(Cv2.Norm(a, b, NormTypes.INF) <= 1e-4 * 65535 + 1, $"max difference {Cv2.Norm(a, b, NormTypes.INF)} / 65535");
    }

    [Fact]
    public void Mbllen_brightens_any_size_and_depth_including_sides_below_its_minimum()
    {
        var method = EnhancementMethods.Registry.Create("mbllen");
        foreach (var type in new[] { MatType.CV_8UC3, MatType.CV_16UC3 })
            foreach (var (width, height) in new[] { (2, 2), (1, 9), (12, 5), (37, 53) })
            {
                using var dark8 = TestData.DarkColour(width, height);
                using var input = new Mat();
                dark8.ConvertTo(input, type, type == MatType.CV_16UC3 ? 257 : 1);
                using var copy = input.Clone();
                using var output = method.Enhance(input);
                Assert.Equal(input.Size(), output.Size());
                Assert.Equal(input.Type(), output.Type());
                Assert.Equal(0, Cv2.Norm(input, copy, NormTypes.INF));
                double before = Cv2.Mean(input).Val0 + Cv2.Mean(input).Val1 + Cv2.Mean(input).Val2;
                double after = Cv2.Mean(output).Val0 + Cv2.Mean(output).Val1 + Cv2.Mean(output).Val2;
                Assert.True(after > 1.3 * before, $"{width}×{height} {type}: {before / 3:F1} → {after / 3:F1}");
            }
    }

    [Fact]
    public void Mbllen_post_processing_is_on_by_default_and_can_be_turned_off()
    {
        using var input = TestData.DarkColour(40, 30);
        using var processed = EnhancementMethods.Registry.Create("mbllen").Enhance(input);
        using var raw = EnhancementMethods.Registry.Create("mbllen", [new("post-process", "false")]).Enhance(input);
        using var explicitRaw = new MbllenMethod(new MbllenMethodOptions { PostProcess = false }).Enhance(input);
        Assert.Equal(0, Cv2.Norm(raw, explicitRaw, NormTypes.INF));
        Assert.True(Cv2.Norm(processed, raw, NormTypes.INF) > 5);
    }

    [Fact]
    public void Both_shipped_mbllen_checkpoints_load_by_name_and_differ()
    {
        Assert.Contains("mbllen", Checkpoint.ShippedNames);
        Assert.Contains("mbllen-lol", Checkpoint.ShippedNames);
        using var input = TestData.DarkColour(40, 30);
        using var syn = EnhancementMethods.Registry.Create("mbllen").Enhance(input);
        using var lol = EnhancementMethods.Registry.Create("mbllen", [new("weights", "mbllen-lol")]).Enhance(input);
        Assert.True(Cv2.Norm(syn, lol, NormTypes.INF) > 5);
    }

    [Fact]
    public void Lumos_enhance_runs_mbllen_on_the_sample()
    {
        using var folder = TestData.TempFolder();
        var output = folder.File("x.png");
        var result = Tests.Cli.Cli.Run("enhance", Path.Combine(TestData.Samples, "dark-coffee.png"), "-o", output, "-m", "mbllen");
        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        using var image = Cv2.ImRead(output);
        using var dark = Cv2.ImRead(Path.Combine(TestData.Samples, "dark-coffee.png"));
        Assert.Equal(dark.Size(), image.Size());
        Assert.True(Cv2.Mean(image).Val1 > 1.3 * Cv2.Mean(dark).Val1);
    }
}
