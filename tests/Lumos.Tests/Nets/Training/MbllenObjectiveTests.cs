using Lumos.Nets.Checkpoints;
using Lumos.Nets.Training;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Training;

public sealed class MbllenObjectiveTests
{
    [Fact]
    public void Ten_mbllen_steps_on_tiny_synthetic_pairs_lower_the_loss()
    {
        using var folder = TestData.TempFolder();
        var data = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(data);
        for (int seed = 1; seed <= 3; seed++)
        {
            using var dark = TestData.DarkColour(48, 40, seed);
            using var normal = new Mat();
            dark.ConvertTo(normal, MatType.CV_8UC3, 3); // brighter "normal" images: the objective darkens them itself
            Cv2.ImWrite(Path.Combine(data, $"normal{seed}.png"), normal);
        }
        var progress = new List<TrainProgress>();
        var meta = Trainer.Run(TrainingObjectives.Create("mbllen", 1), new TrainOptions
        {
            Data = data, Out = folder.File("m.lumosnet"), Steps = 10, Batch = 2, Crop = 24, LearningRate = 1e-3,
        }, "test", progress.Add);
        Assert.Equal(10, meta.LossCurve.Count);
        Assert.True(meta.LossCurve.TakeLast(3).Average() < 0.9 * meta.LossCurve.Take(3).Average(), string.Join(", ", meta.LossCurve));
        Assert.Equal(["l1", "region", "ssim"], progress[^1].Terms.Keys.Order());
        Assert.Equal("mbllen", Checkpoint.ReadMeta(folder.File("m.lumosnet")).Arch);
        Assert.DoesNotContain("darkened", meta.Data);
    }

    [Fact]
    public void Mbllen_objective_adds_the_colour_histogram_term_only_when_weighted()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var input = TorchSharp.torch.rand(1, 3, 24, 24) * 0.2;
        var truth = TorchSharp.torch.rand(1, 3, 24, 24);
        using var plain = new MbllenObjective(new MbllenObjectiveOptions { Branches = 2 });
        Assert.DoesNotContain("histogram", plain.Losses(input, truth).Keys);
        using var weighted = new MbllenObjective(new MbllenObjectiveOptions { Branches = 2, HistogramWeight = 2, HistogramBins = 16 });
        var terms = weighted.Losses(input, truth);
        using var output = weighted.Net.forward(input);
        Assert.Equal(2 * Lumos.Nets.Losses.ColourHistogramLoss.Compute(output, truth, 16).item<float>(), terms["histogram"].item<float>(), 1e-5);
    }
}
