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
    public async Task A_second_run_writing_the_same_checkpoint_is_refused_while_the_first_trains()
    {
        using var folder = TestData.TempFolder();
        var data = TinyDataset(folder);
        var output = folder.File("z.lumosnet");
        using var stop = new CancellationTokenSource();
        var training = new TaskCompletionSource();
        var first = Task.Run(() => Trainer.Run(TrainingObjectives.Create("zerodce", 1, [new("darken", "false")]), new TrainOptions
        {
            Data = data, Out = output, Steps = 100_000, Batch = 2, Crop = 32, LearningRate = 1e-3,
        }, "test", _ => training.TrySetResult(), stop.Token));
        await training.Task.WaitAsync(TimeSpan.FromMinutes(2));

        var second = Assert.Throws<LumosException>(() => Train(data, output, 1, resume: false));
        Assert.Contains("another training is writing it", second.Message);
        stop.Cancel();
        var stopped = await first;
        Assert.True(stopped.Steps < 100_000);

        // Once the first run has ended the lock is gone with it, and the same checkpoint resumes.
        Assert.False(File.Exists(output + ".lock"));
        Assert.Equal(stopped.Steps + 1, Train(data, output, (int)stopped.Steps + 1, resume: true).Steps);
    }

    [Fact]
    public void Every_seed_holds_out_the_same_images_and_scores_them_on_the_same_pairs()
    {
        using var folder = TestData.TempFolder();
        var data = folder.File("data");
        Directory.CreateDirectory(data);
        for (int i = 1; i <= 40; i++)
            using (var image = TestData.DarkColour(40, 32, i)) Cv2.ImWrite(Path.Combine(data, $"p{i:00}.png"), image);
        Train(data, folder.File("start.lumosnet"), 1);
        // From the same weights at a zero rate, runs of seeds 1 and 2 differ only in their crops: they must hold out
        // the same two images (5% of 40) and darken them the same way, so their validation scores are equal.
        double Score(int seed) => Trainer.Run(TrainingObjectives.Create("zerodce", seed), new TrainOptions
        {
            Data = data, Out = folder.File($"s{seed}.lumosnet"), Steps = 1, Batch = 2, Crop = 32, LearningRate = 0, Seed = seed,
            InitialWeights = folder.File("start.lumosnet"), ValidateEvery = 1,
        }, "test").Validation!.Single().Score;
        Assert.Equal(Score(1), Score(2));
        var (_, heldOut) = TrainingImages.Split(TrainingImages.FilesIn(data), 0.05, 1);
        Assert.Equal(2, heldOut.Count);
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
    public void A_run_from_initial_weights_starts_where_those_weights_left_off()
    {
        using var folder = TestData.TempFolder();
        var data = TinyDataset(folder);
        var first = Train(data, folder.File("first.lumosnet"), 3, learningRate: 1e-2);
        var options = new TrainOptions
        {
            Data = data, Out = folder.File("tuned.lumosnet"), Steps = 1, Batch = 2, Crop = 32, LearningRate = 0, Seed = 1,
            InitialWeights = folder.File("first.lumosnet"), Ema = 0.5, ValidationData = data, ValidateEvery = 1,
        };
        // A zero learning rate keeps the loaded weights: the checkpoint equals the one it started from, not a fresh net; so
        // does its weight average, which must start from the loaded weights too.
        var tuned = Trainer.Run(TrainingObjectives.Create("zerodce", 1), options, "test"); // darkened crops: validation pairs, so a best checkpoint of the average
        Assert.Equal(1, tuned.Steps);
        Assert.Contains("started from the weights of", tuned.Data);
        var (start, _, startWeights) = Checkpoint.ReadPlain(folder.File("first.lumosnet"));
        var (_, _, tunedWeights) = Checkpoint.ReadPlain(folder.File("tuned.lumosnet"));
        Train(data, folder.File("fresh.lumosnet"), 1, learningRate: 0);
        var (_, _, freshWeights) = Checkpoint.ReadPlain(folder.File("fresh.lumosnet"));
        Assert.Equal(startWeights["e_conv1.weight"].Values, tunedWeights["e_conv1.weight"].Values);
        var (_, _, averageWeights) = Checkpoint.ReadPlain(Trainer.BestPath(folder.File("tuned.lumosnet")));
        Assert.Equal(startWeights["e_conv1.weight"].Values, averageWeights["e_conv1.weight"].Values);
        Assert.NotEqual(freshWeights["e_conv1.weight"].Values, tunedWeights["e_conv1.weight"].Values);
        Assert.Equal(3, start.Steps);

        var both = options with { Resume = true, ValidationData = null };
        Assert.Contains("resuming continues one", Assert.Throws<LumosException>(() => Trainer.Run(TrainingObjectives.Create("zerodce", 1, [new("darken", "false")]), both, "test")).Message);
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

    private static TrainOptions SrOptions(string data, string output, int steps, bool resume = false) => new()
    {
        Data = data, Out = output, Steps = steps, Batch = 2, Crop = 24, Seed = 1, Resume = resume, SaveMinutes = 0,
    };

    [Fact]
    public void A_validation_split_is_seeded_disjoint_and_leaves_small_folders_whole()
    {
        var files = Enumerable.Range(0, 40).Select(i => $"f{i:00}.png").ToList();
        var (training, validation) = TrainingImages.Split(files, 0.1, seed: 7);
        Assert.Equal(4, validation.Count);
        Assert.Equal(36, training.Count);
        Assert.Empty(training.Intersect(validation));
        Assert.Equal(files.Order(), training.Concat(validation).Order());
        Assert.Equal(validation, TrainingImages.Split(files, 0.1, seed: 7).Validation);
        Assert.NotEqual(validation, TrainingImages.Split(files, 0.1, seed: 8).Validation);
        Assert.Empty(TrainingImages.Split(files.Take(19).ToList(), 0.1, seed: 7).Validation);
        Assert.Empty(TrainingImages.Split(files, 0, seed: 7).Validation);
    }

    [Fact]
    public void The_validation_psnr_equals_the_psnr_measure_on_the_saved_8_bit_images()
    {
        using var truthImage = TestData.DarkColour(40, 32, 3);
        using var outputImage = TestData.DarkColour(40, 32, 4);
        using var truth = Lumos.Nets.Inference.TensorBridge.ToTensor(truthImage);
        using var output = Lumos.Nets.Inference.TensorBridge.ToTensor(outputImage);
        double expected = new Lumos.Measures.Psnr(new() { CropBorder = 2 }).Measure(outputImage, truthImage);
        Assert.Equal(expected, ValidationScores.Psnr(output, truth, border: 2), 5);
        double luma = new Lumos.Measures.Psnr(new() { Channel = Lumos.Measures.MeasureChannel.Y, CropBorder = 3 }).Measure(outputImage, truthImage);
        Assert.Equal(luma, ValidationScores.Psnr(ValidationScores.MatlabLuma(output), ValidationScores.MatlabLuma(truth), border: 3, quantise: false), 5);
    }

    [Fact]
    public void Validation_rounds_are_recorded_and_the_best_checkpoint_holds_the_best_round()
    {
        using var folder = TestData.TempFolder();
        var data = TinyDataset(folder);
        var output = folder.File("sr.lumosnet");
        var progress = new List<TrainProgress>();
        var meta = Trainer.Run(TrainingObjectives.Create("fsrcnn", 1, [new("scale", "2")]),
            SrOptions(data, output, 12) with { ValidationData = data, ValidateEvery = 3, ValidationCrop = 24 }, "test", progress.Add);
        Assert.Equal([3L, 6, 9, 12], meta.Validation!.Select(v => v.Step));
        Assert.Equal(meta.Validation!.Select(v => v.Score), progress.Where(p => p.Validation is not null).Select(p => p.Validation!.Value));
        Assert.All(meta.Validation!, v => Assert.InRange(v.Score, 5, 60));
        Assert.Contains("Y PSNR (dB), 3 validation images, 24 px centre crops", meta.ValidationMeasure);
        var best = meta.Validation!.MaxBy(v => v.Score)!;
        var bestMeta = Checkpoint.ReadMeta(Trainer.BestPath(output));
        Assert.Equal(best.Step, bestMeta.Steps);
        Assert.Equal(best.Score, bestMeta.Metrics["best_validation"]);
        Assert.Equal(folder.File("sr.best.lumosnet"), Trainer.BestPath(output));
    }

    [Fact]
    public void A_resumed_run_with_more_steps_never_raises_the_learning_rate()
    {
        using var folder = TestData.TempFolder();
        var data = TinyDataset(folder);
        var output = folder.File("sr.lumosnet");
        var first = new List<TrainProgress>();
        Trainer.Run(TrainingObjectives.Create("fsrcnn", 1, [new("scale", "2")]), SrOptions(data, output, 4), "test", first.Add);
        Assert.Equal([1e-3, 1e-3, 1e-4, 1e-4], first.Select(p => p.LearningRate)); // the SR recipe halves the run at 10x lower
        var extended = new List<TrainProgress>();
        Trainer.Run(TrainingObjectives.Create("fsrcnn", 1, [new("scale", "2")]), SrOptions(data, output, 12, resume: true), "test", extended.Add);
        Assert.Equal(Enumerable.Range(5, 8), extended.Select(p => p.Step));
        Assert.All(extended, p => Assert.Equal(1e-4, p.LearningRate)); // a fresh 12-step schedule would say 1e-3 until step 6
    }

    [Fact]
    public void A_resumed_run_with_a_weight_average_scores_as_an_uninterrupted_one()
    {
        using var folder = TestData.TempFolder();
        var data = TinyDataset(folder);
        TrainOptions Options(string name, int steps, bool resume = false) => SrOptions(data, folder.File(name), steps, resume) with
        {
            ValidationData = data, ValidateEvery = 1, ValidationCrop = 24, Ema = 0.5,
        };
        ITrainingObjective Objective() => TrainingObjectives.Create("fsrcnn", 1, [new("scale", "2")]);
        var straight = Trainer.Run(Objective(), Options("straight.lumosnet", 4), "test");
        using (var stop = new CancellationTokenSource()) // interrupted after 2 of 4 steps, as Ctrl-C does
            Assert.Equal(2, Trainer.Run(Objective(), Options("resumed.lumosnet", 4), "test", p => { if (p.Step == 2) stop.Cancel(); }, stop.Token).Steps);
        var resumed = Trainer.Run(Objective(), Options("resumed.lumosnet", 4, resume: true), "test");
        Assert.Equal(straight.LossCurve, resumed.LossCurve);
        Assert.Equal(straight.Validation, resumed.Validation);
        var plain = Trainer.Run(Objective(), Options("plain.lumosnet", 4) with { Ema = 0 }, "test");
        Assert.Equal(straight.LossCurve, plain.LossCurve); // the average changes what is scored, not what is trained
        Assert.NotEqual(straight.Validation![^1].Score, plain.Validation![^1].Score);
    }

    [Fact]
    public void A_weight_average_warms_up_to_its_decay_and_swaps_the_trained_weights_back()
    {
        using var net = TorchSharp.torch.nn.Linear(2, 1);
        using var noGrad = TorchSharp.torch.no_grad();
        net.weight!.copy_(TorchSharp.torch.tensor(new float[] { 1, 2 }).reshape(1, 2));
        using var average = new WeightAverage(net, 0.75);
        net.weight!.copy_(TorchSharp.torch.tensor(new float[] { 5, 6 }).reshape(1, 2));
        Assert.Equal(0.1, average.CurrentDecay, 12); // (1 + 0) / (10 + 0): the initial weights keep a tenth
        average.Update(); // 0.1·(1, 2) + 0.9·(5, 6)
        using (average.Swap())
        {
            var averaged = net.weight!.data<float>().ToArray();
            Assert.Equal(4.6f, averaged[0], 5);
            Assert.Equal(5.6f, averaged[1], 5);
        }
        Assert.Equal([5f, 6f], net.weight!.data<float>().ToArray());
        for (int t = 1; t < 26; t++)
        {
            Assert.Equal((1.0 + t) / (10.0 + t), average.CurrentDecay, 12);
            average.Update();
        }
        Assert.Equal(0.75, average.CurrentDecay, 12); // (1 + 26) / (10 + 26) reaches d
        net.weight!.copy_(TorchSharp.torch.tensor(new float[] { 1, 2 }).reshape(1, 2));
        average.Update(); // 0.75·(5, 6) + 0.25·(1, 2): every earlier update saw (5, 6)
        using (average.Swap())
        {
            var averaged = net.weight!.data<float>().ToArray();
            Assert.Equal(4f, averaged[0], 5);
            Assert.Equal(5f, averaged[1], 5);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightAverage(net, 1));
    }

    [Theory]
    [InlineData("--lr-decay-every", "1.5", "--lr-decay-every must be in [0, 1]")]
    [InlineData("--lr-decay-every", "-0.1", "--lr-decay-every must be in [0, 1]")]
    [InlineData("--clip-norm", "-1", "--clip-norm must not be negative")]
    [InlineData("--ema", "1", "--ema must be in [0, 1)")]
    [InlineData("--shrink", "0.9,1.2", "--shrink must be comma-separated factors between 0 and 1, e.g. 0.9,0.8,0.7,0.6")]
    [InlineData("--shrink", "0.9;0.8", "--shrink must be comma-separated factors between 0 and 1, e.g. 0.9,0.8,0.7,0.6")]
    public void Bad_training_options_are_one_line_usage_errors_that_write_nothing(string option, string value, string message)
    {
        using var folder = TestData.TempFolder();
        var output = folder.File("bad.lumosnet");
        var result = Tests.Cli.Cli.Run("train", "fsrcnn", "--data", TinyDataset(folder), "--out", output, option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"lumos: {message}", result.Error.Trim());
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_timed_save_leaves_a_resumable_checkpoint_in_the_middle_of_a_run()
    {
        using var folder = TestData.TempFolder();
        var output = folder.File("z.lumosnet");
        var seen = new List<long>();
        Trainer.Run(TrainingObjectives.Create("zerodce", 1, [new("darken", "false")]), new TrainOptions
        {
            Data = TinyDataset(folder), Out = output, Steps = 3, Batch = 2, Crop = 32, SaveMinutes = 1e-9,
        }, "test", p => seen.Add(File.Exists(output) ? Checkpoint.ReadMeta(output).Steps : -1));
        Assert.Equal([-1L, 1, 2], seen);
        Assert.NotNull(Checkpoint.ReadOptimizerState(output));
    }

    [Theory]
    [InlineData(0, new long[] { -1, -1, -1, -1 })] // the default: only time and the end save
    [InlineData(2, new long[] { -1, -1, 2, 2 })]
    public void Step_paced_saves_happen_only_when_asked_for(int saveEvery, long[] expected)
    {
        using var folder = TestData.TempFolder();
        var output = folder.File("z.lumosnet");
        var seen = new List<long>();
        Trainer.Run(TrainingObjectives.Create("zerodce", 1, [new("darken", "false")]), new TrainOptions
        {
            Data = TinyDataset(folder), Out = output, Steps = 4, Batch = 2, Crop = 32, SaveEvery = saveEvery, SaveMinutes = 0,
        }, "test", p => seen.Add(File.Exists(output) ? Checkpoint.ReadMeta(output).Steps : -1));
        Assert.Equal(expected, seen);
        Assert.Equal(4, Checkpoint.ReadMeta(output).Steps);
    }

    [Fact]
    public void Lumos_train_reports_validation_and_writes_the_best_checkpoint()
    {
        using var folder = TestData.TempFolder();
        var data = TinyDataset(folder);
        var output = folder.File("mine.lumosnet");
        var result = Tests.Cli.Cli.Run("train", "fsrcnn", "-s", "2", "-d", data, "-o", output, "--steps", "4", "--batch", "2", "--crop", "24",
            "--val-data", data, "--val-every", "2", "--ema", "0.9", "--shrink", "0.9");
        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        Assert.Contains("step 2/4  validation Y PSNR (dB)", result.Out);
        Assert.Contains("best validation Y PSNR (dB)", result.Out);
        Assert.True(File.Exists(folder.File("mine.best.lumosnet")));
        var again = Tests.Cli.Cli.Run("train", "fsrcnn", "-s", "2", "-d", data, "-o", folder.File("other.lumosnet"), "--steps", "4", "--val-split", "1.5");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--val-split must be in [0, 1)", again.Error + again.Out);
    }

    [Fact]
    public void Training_without_a_ground_truth_is_not_validated_and_refuses_a_validation_folder()
    {
        using var folder = TestData.TempFolder();
        var data = folder.File("many");
        Directory.CreateDirectory(data);
        for (int i = 1; i <= 20; i++) // enough to be split when there is something to validate
        {
            using var image = TestData.DarkColour(40, 40, i);
            Cv2.ImWrite(Path.Combine(data, $"i{i:00}.png"), image);
        }
        TrainOptions Options(string name) => new() { Data = data, Out = folder.File(name), Steps = 2, Batch = 2, Crop = 32, ValidationSplit = 0.25, SaveMinutes = 0 };
        var unvalidated = Trainer.Run(TrainingObjectives.Create("zerodce", 1, [new("darken", "false")]), Options("z.lumosnet"), "test");
        Assert.Null(unvalidated.Validation);
        Assert.Contains("(20 images", unvalidated.Data); // none held out
        var validated = Trainer.Run(TrainingObjectives.Create("zerodce", 1), Options("d.lumosnet"), "test");
        Assert.NotNull(validated.Validation);
        Assert.Contains("(15 images", validated.Data);
        var e = Assert.Throws<LumosException>(() => Trainer.Run(TrainingObjectives.Create("zerodce", 1, [new("darken", "false")]), new TrainOptions
        {
            Data = data, Out = folder.File("y.lumosnet"), Steps = 1, Batch = 2, Crop = 32, ValidationData = data,
        }, "test"));
        Assert.Contains("no ground truth to validate against", e.Message);
    }
}
