using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Training;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Training;

public sealed class RetinexNetTrainingTests
{
    private static readonly KeyValuePair<string, string> Small = new("channels", "8");

    private static Dictionary<string, Tensor?> Gradients(ITrainingObjective objective, Func<IReadOnlyDictionary<string, Tensor>, Tensor> loss)
    {
        objective.Net.zero_grad();
        var input = rand([2, 3, 24, 24]) * 0.2;
        var truth = rand([2, 3, 24, 24]);
        loss(objective.Losses(input, truth)).backward();
        return objective.Net.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad is { } g && g.abs().sum().item<float>() > 0 ? g : null);
    }

    [Fact]
    public void Each_loss_trains_only_its_own_sub_net_as_the_official_var_lists()
    {
        using var scope = NewDisposeScope();
        var objective = TrainingObjectives.Create("retinexnet", 1, [Small]);
        Assert.Equal(["ir", "is", "is_delta", "recon", "relight"], objective.Losses(rand([1, 3, 16, 16]), rand([1, 3, 16, 16])).Keys.Order());
        var decom = Gradients(objective, l => l["recon"] + l["ir"] + l["is"]);
        Assert.All(decom, g => Assert.Equal(RetinexNet.IsDecomParameter(g.Key), g.Value is not null));
        var enhance = Gradients(objective, l => l["relight"] + l["is_delta"]);
        Assert.All(enhance, g => Assert.Equal(!RetinexNet.IsDecomParameter(g.Key), g.Value is not null));
    }

    [Fact]
    public void Ten_steps_on_tiny_crops_lower_the_loss()
    {
        using var folder = TestData.TempFolder();
        var data = TestData.TrainingImages(folder, 48, 40);
        var meta = Trainer.Run(TrainingObjectives.Create("retinexnet", 1, [Small]), new TrainOptions
        {
            Data = data, Out = folder.File("r.lumosnet"), Steps = 10, Batch = 2, Crop = 32, LearningRate = 3e-3,
        }, "test");
        Assert.Equal(10, meta.LossCurve.Count);
        Assert.True(meta.LossCurve.TakeLast(3).Average() < 0.8 * meta.LossCurve.Take(3).Average(), string.Join(", ", meta.LossCurve));
        Assert.Equal("retinexnet", Checkpoint.ReadMeta(folder.File("r.lumosnet")).Arch);
    }

    [Fact]
    public void The_enhance_stage_loads_and_freezes_the_decom_stage_checkpoint_and_trains_enhance_net_only()
    {
        using var folder = TestData.TempFolder();
        var data = TestData.TrainingImages(folder, 48, 40);
        var options = new TrainOptions { Data = data, Out = folder.File("decom.lumosnet"), Steps = 2, Batch = 1, Crop = 24 };
        var decomMeta = Trainer.Run(TrainingObjectives.Create("retinexnet", 1, [Small, new("stage", "decom")]), options, "test");
        Assert.DoesNotContain("relight", decomMeta.Metrics.Keys);
        using var objective = (RetinexNetObjective)TrainingObjectives.Create("retinexnet", 2, [Small, new("stage", "enhance"), new("decom", options.Out)]);
        var enhanceMeta = Trainer.Run(objective, options with { Out = folder.File("enhance.lumosnet") }, "test");
        Assert.Equal(["is_delta", "relight"], enhanceMeta.Metrics.Keys.Where(k => k is not ("loss" or "lr")).Where(k => !k.Contains("valid") && k != "best_step").Order());
        var (first, _) = Checkpoint.Load(options.Out);
        var (second, _) = Checkpoint.Load(folder.File("enhance.lumosnet"));
        using (first)
        using (second)
        {
            var a = first.state_dict();
            var b = second.state_dict();
            foreach (var key in a.Keys)
                Assert.Equal(RetinexNet.IsDecomParameter(key), a[key].allclose(b[key], 0, 0));
        }
    }

    [Fact]
    public void The_enhance_stage_without_a_decom_checkpoint_is_a_one_line_error()
    {
        var error = Assert.Throws<LumosException>(() => TrainingObjectives.Create("retinexnet", 1, [new("stage", "enhance")]));
        Assert.Contains("-p decom=CHECKPOINT", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_recipe_is_the_official_adam_at_a_thousandth()
    {
        var recipe = TrainingObjectives.Create("retinexnet", 1, [Small]).Recipe;
        Assert.Equal(OptimizerKind.Adam, recipe.Optimizer);
        Assert.Equal(1e-3, recipe.LearningRate);
        Assert.Equal(1e-4, recipe.LearningRateAt(600, 1000), 12);
    }
}
