using Lumos.Nets.Training;

namespace Lumos.Tests.Nets.Training;

public sealed class DnCnnTrainingTests
{
    [Fact]
    public void Dncnn_learns_to_remove_brightened_low_light_noise_in_a_few_steps()
    {
        using var folder = TestData.TempFolder();
        var meta = Trainer.Run(TrainingObjectives.Create("dncnn", 1, [new("depth", "4"), new("features", "8")]), new TrainOptions
        {
            Data = TestData.TrainingImages(folder, 48, 40, "clean"), Out = folder.File("d.lumosnet"), Steps = 30, Batch = 4, Crop = 24,
        }, "test");
        Assert.True(meta.LossCurve.TakeLast(5).Average() < 0.7 * meta.LossCurve.Take(5).Average(), string.Join(", ", meta.LossCurve));
        Assert.Contains("brightened back", meta.Data);
    }
}
