using Lumos.Methods;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Methods;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Methods;

public sealed class ZeroDceMethodTests
{
    [SkippableFact]
    public void Zero_dce_with_the_official_weights_brightens_any_size_and_depth_tiled_or_not()
    {
        var weights = NetTestData.OfficialZeroDceWeights();
        var method = EnhancementMethods.Registry.Create("zerodce", [new("weights", weights)]);
        var tiled = new ZeroDceMethod(new ZeroDceMethodOptions { Weights = weights, Run = new() { Tile = 80 } });
        foreach (var type in new[] { MatType.CV_8UC3, MatType.CV_16UC3 })
            foreach (var (width, height) in new[] { (2, 2), (37, 53), (150, 100) })
            {
                using var dark8 = TestData.DarkColour(width, height);
                using var input = new Mat();
                dark8.ConvertTo(input, type, type == MatType.CV_16UC3 ? 257 : 1);
                using var copy = input.Clone();
                using var output = method.Enhance(input);
                using var outputTiled = tiled.Enhance(input);
                Assert.Equal(input.Size(), output.Size());
                Assert.Equal(input.Type(), output.Type());
                Assert.Equal(0, Cv2.Norm(input, copy, NormTypes.INF));
                Assert.True(Cv2.Mean(output).Val0 > 1.5 * Cv2.Mean(input).Val0);
                Assert.True(Cv2.Norm(output, outputTiled, NormTypes.INF) <= (type == MatType.CV_8UC3 ? 1 : 257));
            }
    }

    [Fact]
    public void A_large_image_runs_in_bands_that_equal_the_whole_image_run()
    {
        // Bands of 64 rows (the least: twice the 32-row margin of context) instead of Processor's 8 MP: the same
        // arithmetic that keeps a 24-megapixel enhancement's float planes to a band's.
        using var input = TestData.DarkColour(150, 100);
        using var counted = new CountingOperation(new Lumos.Processing.MethodOperation(EnhancementMethods.Registry.Create("zerodce")));
        using var banded = Lumos.Processing.Processor.Apply(counted, input, bandPixels: 150 * 40);
        Assert.Equal(2, counted.Calls);
        using var whole = Lumos.Processing.Processor.Apply(counted, input, bandPixels: long.MaxValue);
        Assert.True(Cv2.Norm(banded, whole, NormTypes.INF) <= 1); // equal up to 8-bit rounding of float-rounding differences
        Assert.True(Cv2.Mean(banded).Val0 > 1.5 * Cv2.Mean(input).Val0);
    }

    [Fact]
    public void Mbllen_with_its_whole_image_post_processing_does_not_run_in_bands()
    {
        var method = EnhancementMethods.Registry.Create("mbllen", [new("post-process", "true")]);
        Assert.Null(method.Margin);
        (method as IDisposable)?.Dispose();
    }

    /// <summary>Counts the calls that reach the wrapped operation: one per band.</summary>
    private sealed class CountingOperation(Lumos.Processing.IImageOperation inner) : Lumos.Processing.IImageOperation
    {
        public int Calls { get; private set; }
        public int Scale => inner.Scale;
        public int? Margin => inner.Margin;
        public Mat Apply(Mat bgr) { Calls++; return inner.Apply(bgr); }
        public void Dispose() => inner.Dispose();
    }

    [Fact]
    public void A_missing_weights_file_is_a_clear_error()
    {
        var e = Assert.Throws<LumosException>(() => EnhancementMethods.Registry.Create("zerodce", [new("weights", "/nowhere/zerodce.pth")]));
        Assert.Contains("/nowhere/zerodce.pth", e.Message);
    }

    [Fact]
    public void A_default_checkpoint_that_is_not_shipped_says_how_to_pass_weights()
    {
        var e = Assert.Throws<LumosException>(() => new UnshippedDefault());
        Assert.Contains("'no-such-default' is not in", e.Message);
        Assert.Contains("set the weights parameter", e.Message);
        Assert.DoesNotContain("-p ", e.Message); // a library error, not command-line syntax
    }

    [Fact]
    public void The_shipped_zerodce_checkpoint_is_the_default_and_brightens()
    {
        Assert.Contains("zerodce", Checkpoint.ShippedNames);
        var meta = Checkpoint.ReadMeta(Checkpoint.Resolve("zerodce"));
        Assert.Equal("zerodce", meta.Arch);
        Assert.StartsWith("lumos train zerodce", meta.Command);
        using var input = TestData.DarkColour(64, 48);
        using var output = EnhancementMethods.Registry.Create("zerodce").Enhance(input);
        Assert.True(Cv2.Mean(output).Val0 > 1.5 * Cv2.Mean(input).Val0);
    }

    [SkippableFact]
    public void The_shipped_zerodce_restores_darkened_photos_it_never_saw_without_overshooting()
    {
        // Kodak photos darkened by eval's documented model (γ 2.5, shot and read noise); training saw T91 + BSD200 only.
        var photos = Directory.GetFiles(Path.Combine(TestData.RequireShared(), "photos", "Kodak24"), "*.png").Order().Take(6).ToArray();
        var task = new Lumos.Evaluation.DarkenedTask(new Lumos.Evaluation.Darkening(new()));
        var method = task.CreateMethod("zerodce", []);
        var psnr = new Lumos.Measures.Psnr(new());
        var scores = new List<double>();
        foreach (var photo in photos)
        {
            var (input, truth) = task.Load(new Lumos.Evaluation.EvalSample(Path.GetFileName(photo), photo, null), new Lumos.Imaging.ReadOptions());
            using (input)
            using (truth)
            using (var output = method(input))
            {
                scores.Add(psnr.Measure(output, truth!) - psnr.Measure(input, truth!));
                static double Grey(Scalar m) => (m.Val0 + m.Val1 + m.Val2) / 3;
                Assert.InRange(Grey(Cv2.Mean(output)) / Grey(Cv2.Mean(truth!)), 0.7, 1.15); // the E = 0.6 model overshot by 37% on average
            }
        }
        Assert.True(scores.Average() > 6, $"gain over the dark input {scores.Average():F2} dB"); // 7.8–8.0 dB measured; the E = 0.6 model gained 1.6
    }

    private sealed class UnshippedDefault()
        : NetMethod("zerodce", new Lumos.Nets.Archs.ZeroDceOptions(), "no-such-default", "no-such-default", new Lumos.Nets.Inference.NetRunOptions(), 32, new Lumos.Nets.Inference.NetFootprint(3000, 3000));

    [SkippableFact]
    public void Lumos_enhance_runs_zerodce_with_pytorch_weights()
    {
        var weights = NetTestData.OfficialZeroDceWeights();
        using var folder = TestData.TempFolder();
        var output = folder.File("x.png");
        var result = Tests.Cli.Cli.Run("enhance", Path.Combine(TestData.Samples, "dark-coffee.png"), "-o", output, "-m", "zerodce", "-p", $"weights={weights}");
        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        using var image = Cv2.ImRead(output);
        using var dark = Cv2.ImRead(Path.Combine(TestData.Samples, "dark-coffee.png"));
        Assert.Equal(dark.Size(), image.Size());
        Assert.True(Cv2.Mean(image).Val0 > Cv2.Mean(dark).Val0);
    }
}
