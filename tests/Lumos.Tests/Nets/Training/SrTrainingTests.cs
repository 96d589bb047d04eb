using System.Globalization;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Losses;
using Lumos.Nets.SuperResolution;
using Lumos.Nets.Training;
using Lumos.Tests.Nets.Losses;
using OpenCvSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Training;

/// <summary>Training recipes, VDSR's multi-scale training and clipping, and SRGAN's adversarial loop.</summary>
public sealed class SrTrainingTests(ITestOutputHelper output)
{
    private static string HrFolder(TempFolder folder) => TestData.TrainingImages(folder, 64, 52, "hr");

    [Fact]
    public void Learning_rate_falls_tenfold_after_each_quarter_of_the_run()
    {
        var recipe = new TrainingRecipe { LearningRate = 0.1, DecayEvery = 0.25 };
        Assert.Equal(0.1, recipe.LearningRateAt(0, 100), 12);
        Assert.Equal(0.1, recipe.LearningRateAt(24, 100), 12);
        Assert.Equal(0.01, recipe.LearningRateAt(25, 100), 12);
        Assert.Equal(1e-4, recipe.LearningRateAt(99, 100), 12);
        Assert.Equal(0.1, new TrainingRecipe { LearningRate = 0.1 }.LearningRateAt(99, 100), 12);
    }

    [Fact]
    public void Vdsr_adjustable_clipping_bounds_every_weight_step_by_theta()
    {
        using var folder = TestData.TempFolder();
        var objective = TrainingObjectives.Create("vdsr", 1);
        var recipe = objective.Recipe;
        Assert.Equal(OptimizerKind.Sgd, recipe.Optimizer);
        var before = objective.Net.parameters().Select(p => p.detach().clone()).ToList();
        // At γ = 10 the raw SGD step 10·g would be far above θ; clipping g to θ/γ keeps |Δw| ≤ θ + γ·λ·|w|.
        const double rate = 10;
        Trainer.Run(objective, new TrainOptions { Data = HrFolder(folder), Out = folder.File("v.lumosnet"), Steps = 1, Batch = 2, Crop = 24, LearningRate = rate }, "test");
        double worst = double.NegativeInfinity, largest = 0;
        foreach (var (old, now) in before.Zip(objective.Net.parameters()))
        {
            using var scope = NewDisposeScope();
            var bound = recipe.AdjustableClip + rate * recipe.WeightDecay * old.abs() + 1e-6;
            worst = Math.Max(worst, ((now - old).abs() - bound).max().item<float>());
            largest = Math.Max(largest, (now - old).abs().max().item<float>());
        }
        output.WriteLine($"largest step {largest:E3}, beyond the bound by {worst:E2}");
        Assert.True(worst <= 0, $"a weight moved {worst} beyond θ");
        // Some gradients were clipped (steps reach θ), so the bound above was not met by small gradients alone.
        Assert.InRange(largest, 0.9 * recipe.AdjustableClip, 1.1 * recipe.AdjustableClip);
    }

    [Fact]
    public void Vdsr_learns_x2_x3_x4_together_on_crops_cut_to_a_common_size()
    {
        using var folder = TestData.TempFolder();
        // 28 is not a multiple of 3: ×3 crops come out at 27 and the batch is cut to it.
        var meta = Trainer.Run(TrainingObjectives.Create("vdsr", 1), new TrainOptions
        {
            Data = HrFolder(folder), Out = folder.File("v.lumosnet"), Steps = 12, Batch = 2, Crop = 28,
        }, "test");
        output.WriteLine(string.Join(", ", meta.LossCurve.Select(l => l.ToString("E3", CultureInfo.InvariantCulture))));
        Assert.True(meta.LossCurve.TakeLast(3).Average() < 0.8 * meta.LossCurve.Take(3).Average(), string.Join(", ", meta.LossCurve));
        Assert.Contains("sgd lr 0.1", meta.Data);
        Assert.Contains("adjustable clip", meta.Data);
        Assert.Equal([2, 3, 4], Checkpoint.ReadMeta(folder.File("v.lumosnet")).Scales);
    }

    [Fact]
    public void Command_line_overrides_replace_the_recipe_optimiser_rate_and_schedule()
    {
        using var folder = TestData.TempFolder();
        var meta = Trainer.Run(TrainingObjectives.Create("vdsr", 1), new TrainOptions
        {
            Data = HrFolder(folder), Out = folder.File("v.lumosnet"), Steps = 4, Batch = 1, Crop = 24, Optimizer = OptimizerKind.Adam, LearningRate = 1e-3, DecayEvery = 0.5,
        }, "test");
        Assert.Contains("adam lr 0.001", meta.Data);
        Assert.Contains("every 50", meta.Data);
        Assert.DoesNotContain("sgd", meta.Data);
        // The last step (index 3) is past one half of the run: one decay, where the recipe's quarters would have made three.
        Assert.Equal(1e-4, meta.Metrics["lr"], 12);
    }

    [Fact]
    public void Srcnn_trains_as_9_5_5_with_a_mapping_kernel_and_records_it_in_the_checkpoint()
    {
        using var folder = TestData.TempFolder();
        var meta = Trainer.Run(TrainingObjectives.Create("srcnn", 1, [new("mapping-kernel", "5"), new("scale", "2")]),
            new TrainOptions { Data = HrFolder(folder), Out = folder.File("s.lumosnet"), Steps = 2, Batch = 1, Crop = 24 }, "test");
        Assert.Equal(5, meta.Options["mappingKernel"]!.GetValue<int>());
        // Its graph runs at any scale (bicubic-upsampled input), so only the record says which it learnt: upscale's default.
        Assert.Equal([2], meta.Scales);
        using (var upscaler = new SrcnnUpscaler(new NetUpscalerOptions { Weights = folder.File("s.lumosnet") }))
            Assert.Equal(2, upscaler.DefaultScale);
        var (net, _) = Checkpoint.Load(folder.File("s.lumosnet"));
        using (net) Assert.Equal([32L, 64, 5, 5], net.state_dict()["nonLinearMapping.weight"].shape);
    }

    [Fact]
    public void Loss_margin_leaves_the_crop_border_out_of_the_loss_as_srcnn_trained()
    {
        var objective = TrainingObjectives.Create("srcnn", 1, [new("mapping-kernel", "5"), new("loss-margin", "8")]);
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var input = rand([2, 1, 24, 24], generator: generator);
        var target = rand([2, 1, 24, 24], generator: generator);
        float Loss(Tensor truth) { using (no_grad()) return objective.Losses(input, truth)["mse"].item<float>(); }

        var borderChanged = target.clone();
        borderChanged[.., .., ..8, ..].fill_(1f);
        borderChanged[.., .., .., ^8..].fill_(0f);
        var centreChanged = target.clone();
        centreChanged[.., .., 11, 12].fill_(5f);
        using (no_grad())
        {
            var centre = TorchSharp.torch.nn.functional.mse_loss(objective.Net.forward(input)[.., .., 8..^8, 8..^8], target[.., .., 8..^8, 8..^8]).item<float>();
            Assert.Equal(centre, Loss(target), 6);
        }
        Assert.Equal(Loss(target), Loss(borderChanged));
        Assert.NotEqual(Loss(target), Loss(centreChanged));
        var tooSmall = Assert.Throws<LumosException>(() => objective.Losses(input[.., .., ..16, ..16], target[.., .., ..16, ..16]));
        Assert.Contains("loss-margin 8 leaves nothing of a 16×16 crop", tooSmall.Message);
    }

    [Theory]
    [InlineData("fsrcnn", "2,3", "multi-scale")]
    [InlineData("vdsr", "2,5", "'5'")]
    public void Unusable_scales_are_a_clear_error(string net, string scales, string expected)
    {
        using var folder = TestData.TempFolder();
        var error = Assert.Throws<LumosException>(() =>
        {
            var objective = TrainingObjectives.Create(net, 1, [new("scales", scales)]);
            Trainer.Run(objective, new TrainOptions { Data = HrFolder(folder), Out = folder.File("x.lumosnet"), Steps = 1, Batch = 1, Crop = 24 }, "test");
        });
        Assert.Contains(expected, error.Message);
    }

    private static CheckpointMeta TrainSrgan(string data, string path, int steps, bool resume = false, string vgg = "", int stopAfter = int.MaxValue)
    {
        using var stop = new CancellationTokenSource();
        return Trainer.Run(TrainingObjectives.Create("srgan", 1, [new("scale", "2"), new("vgg19-weights", vgg)]), new TrainOptions
        {
            Data = data, Out = path, Steps = steps, Batch = 2, Crop = 24, Resume = resume,
        }, "test", p => { if (p.Step == stopAfter) stop.Cancel(); }, stop.Token);
    }

    [Fact]
    public void Srgan_steps_generator_and_discriminator_and_resumes_exactly()
    {
        using var folder = TestData.TempFolder();
        var data = HrFolder(folder);
        var straight = TrainSrgan(data, folder.File("straight.lumosnet"), 4);
        Assert.Equal(["adversarial", "discriminator", "loss", "lr", "mse"], straight.Metrics.Keys.Order());
        Assert.Equal("srresnet", straight.Arch);
        // Interrupted after 2 of 4 steps (as Ctrl-C does), so the learning-rate schedule is the same.
        Assert.Equal(2, TrainSrgan(data, folder.File("resumed.lumosnet"), 4, stopAfter: 2).Steps);
        var resumed = TrainSrgan(data, folder.File("resumed.lumosnet"), 4, resume: true);
        // The discriminator and its optimiser come back too, or the adversarial term would differ.
        Assert.Equal(straight.LossCurve, resumed.LossCurve);
        Assert.Equal(straight.Metrics["discriminator"], resumed.Metrics["discriminator"], 6);
    }

    [Fact]
    public void Srgan_uses_the_vgg54_content_loss_when_given_vgg19_weights()
    {
        using var folder = TestData.TempFolder();
        var vgg = TorchvisionVgg19.Write(folder.File("vgg19.pth"), Vgg19Layer.Relu5_4);
        var meta = TrainSrgan(HrFolder(folder), folder.File("g.lumosnet"), 1, vgg: vgg);
        Assert.Contains("vgg54", meta.Metrics.Keys);
        Assert.True(meta.Metrics["vgg54"] > 0);
        var error = Assert.Throws<LumosException>(() => TrainSrgan(HrFolder(folder), folder.File("h.lumosnet"), 1, vgg: TorchvisionVgg19.Write(folder.File("short.pth"))));
        Assert.Contains("features.", error.Message);
    }
}
