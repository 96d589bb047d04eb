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
}
