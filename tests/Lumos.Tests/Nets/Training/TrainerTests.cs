using Lumos.Nets.Checkpoints;
using Lumos.Nets.Training;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Training;

public sealed class TrainerTests
{
    private static string TinyDataset(TempFolder folder) => TestData.TrainingImages(folder, 48, 40);

    private static CheckpointMeta Train(string data, string output, int steps, int seed = 1, bool resume = false, double learningRate = 1e-3) =>
        Trainer.Run(TrainingObjectives.Create("zerodce", seed, [new("darken", "false")]), new TrainOptions
        {
            Data = data, Out = output, Steps = steps, Batch = 2, Crop = 32, LearningRate = learningRate, Seed = seed, Resume = resume,
        }, "test");

    [Fact]
    public void Ten_steps_on_tiny_crops_lower_the_loss()
    {
        using var folder = TestData.TempFolder();
        var progress = new List<TrainProgress>();
        var meta = Trainer.Run(TrainingObjectives.Create("zerodce", 1, [new("darken", "false")]), new TrainOptions
        {
            Data = TinyDataset(folder), Out = folder.File("z.lumosnet"), Steps = 10, Batch = 2, Crop = 32, LearningRate = 1e-3,
        }, "test", progress.Add);
        Assert.Equal(10, meta.LossCurve.Count);
        Assert.True(meta.LossCurve.TakeLast(3).Average() < 0.9 * meta.LossCurve.Take(3).Average(), string.Join(", ", meta.LossCurve));
        Assert.Equal(Enumerable.Range(1, 10), progress.Select(p => p.Step));
        Assert.Equal(["col", "exp", "spa", "tv"], progress[^1].Terms.Keys.Order());
        Assert.True(File.Exists(folder.File("z.lumosnet")));
        Assert.Equal(10, Checkpoint.ReadMeta(folder.File("z.lumosnet")).Steps);
    }

    [Fact]
    public void The_same_seed_gives_the_same_loss_curve_and_another_seed_another()
    {
        using var folder = TestData.TempFolder();
        var data = TinyDataset(folder);
        var first = Train(data, folder.File("a.lumosnet"), 3).LossCurve;
        var second = Train(data, folder.File("b.lumosnet"), 3).LossCurve;
        var other = Train(data, folder.File("c.lumosnet"), 3, seed: 2).LossCurve;
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void A_resumed_run_continues_exactly_where_it_stopped()
    {
        using var folder = TestData.TempFolder();
        var data = TinyDataset(folder);
        var straight = Train(data, folder.File("straight.lumosnet"), 4).LossCurve;
        Train(data, folder.File("resumed.lumosnet"), 2);
        var resumed = Train(data, folder.File("resumed.lumosnet"), 4, seed: 1, resume: true);
        Assert.Equal(4, resumed.Steps);
        Assert.Equal(straight, resumed.LossCurve);
    }

    [Fact]
    public void Lumos_train_writes_a_checkpoint_and_loss_curve_that_enhance_can_use()
    {
        using var folder = TestData.TempFolder();
        var data = TinyDataset(folder);
        var output = folder.File("mine.lumosnet");
        var result = Tests.Cli.Cli.Run("train", "zerodce", "--data", data, "--out", output, "--steps", "3", "--batch", "2", "--crop", "32", "-p", "channels=8");
        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        Assert.Contains("step 3/3", result.Out);
        Assert.Contains("steps/s", result.Out);
        Assert.True(File.Exists(folder.File("mine.loss.png")));
        Assert.Equal(8, Checkpoint.ReadMeta(output).Options["channels"]!.GetValue<int>());

        var enhanced = folder.File("x.png");
        var run = Tests.Cli.Cli.Run("enhance", Path.Combine(TestData.Samples, "dark-coffee.png"), "-o", enhanced, "-m", "zerodce", "-p", $"weights={output}");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
    }

    [Fact]
    public void An_empty_data_folder_is_a_clear_error()
    {
        using var folder = TestData.TempFolder();
        var e = Assert.Throws<LumosException>(() => Train(folder.Path, folder.File("x.lumosnet"), 1));
        Assert.Contains("no readable images", e.Message);
    }
}
