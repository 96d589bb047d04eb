using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Onnx;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Methods;
using Lumos.Nets.Training;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Methods;

public sealed class RetinexNetMethodTests
{
    /// <summary>A small Retinex-Net trained for a few steps, so the tests do not depend on the shipped weights.</summary>
    private static string SmallCheckpoint(TempFolder folder)
    {
        var data = TestData.TrainingImages(folder, 48, 40);
        Trainer.Run(TrainingObjectives.Create("retinexnet", 1, [new("channels", "8")]), new TrainOptions
        {
            Data = data, Out = folder.File("r.lumosnet"), Steps = 3, Batch = 1, Crop = 32,
        }, "test");
        return folder.File("r.lumosnet");
    }

    [Fact]
    public void Retinexnet_keeps_size_and_depth_and_agrees_across_engines_and_tiles()
    {
        using var folder = TestData.TempFolder();
        var weights = SmallCheckpoint(folder);
        using var method = new RetinexNetMethod(new RetinexNetMethodOptions { Weights = weights });
        using var torch = new RetinexNetMethod(new RetinexNetMethodOptions { Weights = weights, Run = new() { Engine = "torch" } });
        using var tiled = new RetinexNetMethod(new RetinexNetMethodOptions { Weights = weights, Run = new() { Tile = 400 } });
        // The same net exported to ONNX runs on its own (`--onnx`): its metadata must carry the stride-8 tile grid.
        var (meta, options, plain) = Checkpoint.ReadPlain(weights);
        File.WriteAllBytes(folder.File("r.onnx"), Lumos.Nets.Onnx.NetExport.FromWeights(meta.Arch, options, plain, Lumos.Nets.Onnx.NetExport.DefaultOpset, new Dictionary<string, string>()).Model);
        using var exported = new OnnxMethod(new OnnxMethodOptions { Model = folder.File("r.onnx"), Tile = 400 });
        foreach (var type in new[] { MatType.CV_8UC3, MatType.CV_16UC3 })
            foreach (var (width, height) in new[] { (2, 2), (37, 53), (420, 300) })
            {
                using var dark8 = TestData.DarkColour(width, height);
                using var input = new Mat();
                dark8.ConvertTo(input, type, type == MatType.CV_16UC3 ? 257 : 1);
                using var output = method.Enhance(input);
                using var outputTorch = torch.Enhance(input);
                Assert.Equal(input.Size(), output.Size());
                Assert.Equal(input.Type(), output.Type());
                double step = type == MatType.CV_8UC3 ? 1 : 257;
                Assert.True(Cv2.Norm(output, outputTorch, NormTypes.INF) <= step);
                if (width < 400) continue;
                // Tiles of 400 with a 192-pixel overlap, starting at multiples of the encoder's stride 8 (0 and 16: the last one is 404
                // wide), so every tile samples the coarse levels on the whole image's grid: seamless.
                using var outputTiled = tiled.Enhance(input);
                Assert.True(Cv2.Norm(output, outputTiled, NormTypes.INF) <= step, $"tiled differs by {Cv2.Norm(output, outputTiled, NormTypes.INF) / step} levels");
                using var outputExported = exported.Enhance(input);
                Assert.True(Cv2.Norm(output, outputExported, NormTypes.INF) <= step, $"the exported model's tiles differ by {Cv2.Norm(output, outputExported, NormTypes.INF) / step} levels");
            }
    }

    [Fact]
    public void A_tall_image_runs_in_stride_aligned_bands_that_equal_the_whole_image_run()
    {
        using var folder = TestData.TempFolder();
        var weights = SmallCheckpoint(folder);
        var (meta, options, plain) = Checkpoint.ReadPlain(weights);
        File.WriteAllBytes(folder.File("r.onnx"), Lumos.Nets.Onnx.NetExport.FromWeights(meta.Arch, options, plain, Lumos.Nets.Onnx.NetExport.DefaultOpset, new Dictionary<string, string>()).Model);
        using var native = new RetinexNetMethod(new RetinexNetMethodOptions { Weights = weights });
        using var exported = new OnnxMethod(new OnnxMethodOptions { Model = folder.File("r.onnx"), Tile = 0 });
        // Margin: the 48-row receptive radius; bands asked of 390 rows are rounded up to 392, so 900 rows make three bands
        // whose context starts at rows 344 and 736: on the encoder's stride-8 grid (342 would not be).
        using var input = TestData.DarkColour(40, 900);
        foreach (IEnhancementMethod method in new IEnhancementMethod[] { native, exported })
        {
            Assert.Equal(RetinexNet.Radius, method.Margin);
            using var operation = new Lumos.Processing.MethodOperation(method);
            using var banded = Lumos.Processing.Processor.Apply(operation, input, bandPixels: 40 * 390);
            using var whole = Lumos.Processing.Processor.Apply(operation, input, bandPixels: long.MaxValue);
            Assert.True(Cv2.Norm(banded, whole, NormTypes.INF) <= 1, $"{method.GetType().Name}: banded differs by {Cv2.Norm(banded, whole, NormTypes.INF)} levels");
        }
    }

    [Fact]
    public void Denoising_relights_the_bm3d_filtered_reflectance_with_the_adjusted_illumination()
    {
        using var folder = TestData.TempFolder();
        var weights = SmallCheckpoint(folder);
        using var input = TestData.DarkColour(64, 48);
        using var denoised = new RetinexNetMethod(new RetinexNetMethodOptions { Weights = weights, Denoise = 25 });
        using var output = denoised.Enhance(input);
        // By hand: R and Î from the net's two outputs, R through the bm3d method at 16 bits, then the product.
        PlanarImage Part(RetinexNetOutput part)
        {
            using var session = NetSessions.Open("retinexnet", new RetinexNetOptions(), weights, new NetRunOptions { Engine = "torch" }, adjustOptions: o => (RetinexNetOptions)o with { Output = part });
            return session.Run(PlanarImage.FromBgr(input));
        }
        var reflectance = Part(RetinexNetOutput.Reflectance);
        var illumination = Part(RetinexNetOutput.Illumination);
        using var wide = reflectance.ToBgr(new Mat(1, 1, MatType.CV_16UC3));
        using var filtered = new Lumos.Methods.Denoise.Bm3d(new Lumos.Methods.Denoise.Bm3dOptions { Strength = 25, ColourStrength = 37.5 }).Enhance(wide);
        var expected = PlanarImage.FromBgr(filtered);
        for (int i = 0; i < expected.Data.Length; i++) expected.Data[i] *= illumination.Data[i];
        using var expectedBgr = expected.ToBgr(input);
        Assert.True(Cv2.Norm(output, expectedBgr, NormTypes.INF) <= 1);
        using var plain = new RetinexNetMethod(new RetinexNetMethodOptions { Weights = weights });
        using var undenoised = plain.Enhance(input);
        Assert.True(Cv2.Norm(output, undenoised, NormTypes.INF) > 0, "the filter changed something");
    }

    [Fact]
    public void The_shipped_retinexnet_checkpoint_is_the_default_trained_by_lumos_and_brightens()
    {
        Assert.Contains("retinexnet", Checkpoint.ShippedNames);
        var meta = Checkpoint.ReadMeta(Checkpoint.Resolve("retinexnet"));
        Assert.Equal("retinexnet", meta.Arch);
        Assert.Contains("train retinexnet", meta.Command);
        using var input = TestData.DarkColour(64, 48);
        using var output = EnhancementMethods.Registry.Create("retinexnet").Enhance(input);
        static double Brightness(Mat m) { var mean = Cv2.Mean(m); return (mean.Val0 + mean.Val1 + mean.Val2) / 3; }
        Assert.True(Brightness(output) > 1.5 * Brightness(input), $"{Brightness(input):F1} → {Brightness(output):F1}");
    }

    [Fact]
    public void A_checkpoint_of_another_net_is_a_clear_error()
    {
        var e = Assert.Throws<LumosException>(() => EnhancementMethods.Registry.Create("retinexnet", [new("weights", "zerodce")]));
        Assert.Contains("a zerodce checkpoint, not retinexnet", e.Message);
    }
}
