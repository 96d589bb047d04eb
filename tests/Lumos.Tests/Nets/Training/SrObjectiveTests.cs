using Lumos.Nets.Training;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Training;

public sealed class SrObjectiveTests
{
    [Theory]
    [InlineData("fsrcnn", 3)]
    [InlineData("espcn", 2)]
    [InlineData("srcnn", 3)]
    public void Ten_sr_steps_on_degraded_pairs_lower_the_loss(string name, int scale)
    {
        using var folder = TestData.TempFolder();
        var data = TestData.TrainingImages(folder, 60, 48, "hr");
        var objective = TrainingObjectives.Create(name, 1, [new("scale", scale.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.IsType<DegradedPairs>(objective.Pairs);
        var meta = Trainer.Run(objective, new TrainOptions
        {
            Data = data, Out = Path.Combine(folder.Path, "sr.lumosnet"), Steps = 10, Batch = 4, Crop = 36, LearningRate = 1e-3, ClipNorm = 10,
        }, "test");
        Assert.Equal(10, meta.LossCurve.Count);
        Assert.True(meta.LossCurve.TakeLast(3).Average() < 0.8 * meta.LossCurve.Take(3).Average(), string.Join(", ", meta.LossCurve));
        Assert.Contains($"pairs degraded ×{scale}", meta.Data);
    }
}
