using Lumos.Nets.Checkpoints;
using Lumos.Nets.Training;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Training;

public sealed class PairLieTrainingTests
{
    [Fact]
    public void Pairlie_is_validated_on_a_dark_shot_against_the_clean_crop_not_on_its_second_dark_shot()
    {
        using var scope = NewDisposeScope();
        using var crop = TestData.DarkColour(32, 32, 4);
        using var bright = new Mat();
        crop.ConvertTo(bright, MatType.CV_8UC3, 3);
        foreach (var source in new[] { "two-exposure", "single-image" })
        {
            var objective = TrainingObjectives.Create("pairlie", 1, [new("pairs", source)]);
            var (input, truth) = objective.ValidationPairs!.Pairs([bright], new Random(3));
            var clean = Lumos.Nets.Inference.TensorBridge.ToTensor(bright);
            Assert.Equal(0, (truth - clean).abs().max().item<float>());
            Assert.True(input.mean().item<float>() < 0.7 * clean.mean().item<float>());
            Assert.Equal(clean.shape, input.shape);
        }
        var zeroDce = TrainingObjectives.Create("zerodce", 1);
        Assert.Same(zeroDce.Pairs, zeroDce.ValidationPairs); // darkened crops against their clean selves already
        Assert.Null(TrainingObjectives.Create("zerodce", 1, [new("darken", "false")]).ValidationPairs); // real low-light photos: nothing to score
    }

    [Fact]
    public void Neighbour_subsampling_takes_two_adjacent_pixels_of_every_2x2_cell_one_for_each_sub_image()
    {
        using var scope = NewDisposeScope();
        // Each pixel holds its own index, so a sub-image pixel tells where it came from; channel 1 is channel 0 + 1000.
        var index = arange(6 * 8).to(ScalarType.Float32).view(1, 1, 6, 8);
        var image = cat([index, index + 1000], 1);
        using var generator = new Generator(3);
        var (first, second) = NeighbourSubsampledPairs.Subsample(image, generator);
        Assert.Equal([1L, 2, 3, 4], first.shape);
        Assert.Equal([1L, 2, 3, 4], second.shape);
        var a = first[0, 0].data<float>().ToArray();
        var b = second[0, 0].data<float>().ToArray();
        var choices = new HashSet<(int, int)>();
        for (int cy = 0; cy < 3; cy++)
            for (int cx = 0; cx < 4; cx++)
            {
                int p = (int)a[cy * 4 + cx], q = (int)b[cy * 4 + cx];
                (int py, int px, int qy, int qx) = (p / 8, p % 8, q / 8, q % 8);
                Assert.True(py / 2 == cy && px / 2 == cx && qy / 2 == cy && qx / 2 == cx, $"cell ({cy}, {cx}) got pixels {p} and {q}");
                Assert.Equal(1, Math.Abs(py - qy) + Math.Abs(px - qx)); // neighbours, never the diagonal or the same pixel
                choices.Add((2 * (py % 2) + px % 2, 2 * (qy % 2) + qx % 2));
            }
        Assert.True(choices.Count > 3, "the pair is drawn per cell");
        // Every channel takes the same pixels.
        Assert.True(first[0, 1].allclose(first[0, 0] + 1000) && second[0, 1].allclose(second[0, 0] + 1000));
    }

    [Fact]
    public void An_odd_last_row_and_column_are_dropped_by_subsampling()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var (first, _) = NeighbourSubsampledPairs.Subsample(rand([2, 3, 7, 9]), generator);
        Assert.Equal([2L, 3, 3, 4], first.shape);
    }

    [Fact]
    public void Two_exposure_pairs_are_two_dark_shots_of_one_scene_with_independent_noise()
    {
        using var scope = NewDisposeScope();
        using var crop = new Mat(32, 32, MatType.CV_8UC3, new Scalar(200, 150, 100));
        var pairs = new TwoExposurePairs(new LowLightPairOptions { GammaMin = 2, GammaMax = 2, ExposureMin = 0.2, ExposureMax = 0.8 });
        var (first, second) = pairs.Pairs([crop, crop], new Random(4));
        Assert.Equal([2L, 3, 32, 32], first.shape);
        Assert.Equal(first.shape, second.shape);
        // Darker than the clean crop: at most 0.8·x² per channel plus noise.
        Assert.True(first.mean().item<float>() < 0.8 * Math.Pow(150 / 255.0, 2) + 0.05);
        // Different exposures (the per-channel ratio of the means is one number per shot) and independent noise.
        var ratio = first[0].mean([1, 2]) / second[0].mean([1, 2]);
        Assert.True(Math.Abs(ratio.mean().item<float>() - 1) > 0.02, $"exposure ratio {ratio.mean().item<float>()}");
        Assert.True((ratio.max() - ratio.min()).item<float>() < 0.05, "one exposure ratio for all channels");
        Assert.True(first.std([2, 3]).mean().item<float>() > 0.005, "noisy");
        // The same step's generator gives the same pair (a resumed run continues exactly).
        var (again, _) = pairs.Pairs([crop, crop], new Random(4));
        Assert.True(again.allclose(first, rtol: 0, atol: 0));
    }

    [Fact]
    public void The_pair_source_is_an_objective_parameter_two_exposure_by_default()
    {
        var info = TrainingObjectives.Registry.Get("pairlie");
        var pairs = Assert.Single(info.Parameters, p => p.Name == "pairs");
        Assert.Equal(["two-exposure", "single-image"], pairs.Choices);
        Assert.IsType<TwoExposurePairs>(TrainingObjectives.Create("pairlie", 1).Pairs);
        Assert.IsType<NeighbourSubsampledPairs>(TrainingObjectives.Create("pairlie", 1, [new("pairs", "single-image")]).Pairs);
    }

    [Theory]
    [InlineData("two-exposure")]
    [InlineData("single-image")]
    public void Ten_steps_on_tiny_crops_lower_the_loss(string pairs)
    {
        using var folder = TestData.TempFolder();
        var data = TestData.TrainingImages(folder, 48, 40);
        var progress = new List<TrainProgress>();
        var meta = Trainer.Run(TrainingObjectives.Create("pairlie", 1, [new("pairs", pairs), new("channels", "16")]), new TrainOptions
        {
            Data = data, Out = folder.File("p.lumosnet"), Steps = 10, Batch = 2, Crop = 32, LearningRate = 5e-3,
        }, "test", progress.Add);
        Assert.Equal(10, meta.LossCurve.Count);
        // The 500-weighted projection term dominates at first (P-Net's sigmoid starts near 0.5 on a dark input) and falls first.
        Assert.True(meta.LossCurve.TakeLast(3).Average() < 0.8 * meta.LossCurve.Take(3).Average(), string.Join(", ", meta.LossCurve));
        Assert.Equal(["c", "l", "p", "r", "tv"], progress[^1].Terms.Keys.Order());
        Assert.Contains(pairs == "single-image" ? "neighbour sub-sampling" : "two-exposure", meta.Data);
        Assert.Equal("pairlie", Checkpoint.ReadMeta(folder.File("p.lumosnet")).Arch);
    }

    [Fact]
    public void Lumos_train_pairlie_takes_the_pair_source_from_p_and_rejects_an_unknown_one_in_one_line()
    {
        using var folder = TestData.TempFolder();
        var data = TestData.TrainingImages(folder, 40, 40);
        var bad = Tests.Cli.Cli.Run("train", "pairlie", "--data", data, "--out", folder.File("bad.lumosnet"), "-p", "pairs=three-exposure", "--steps", "1");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("two-exposure|single-image", bad.Error);
        Assert.Single(bad.Error.Trim().Split('\n'));
        var good = Tests.Cli.Cli.Run("train", "pairlie", "--data", data, "--out", folder.File("p.lumosnet"), "-p", "pairs=single-image", "-p", "channels=8",
            "--steps", "2", "--batch", "1", "--crop", "32");
        Assert.True(good.ExitCode == 0, good.Error);
        Assert.Contains("single-image pseudo-pairs", Checkpoint.ReadMeta(folder.File("p.lumosnet")).Data);
        using var dark = TestData.DarkColour(40, 30);
        Cv2.ImWrite(folder.File("dark.png"), dark);
        var enhance = Tests.Cli.Cli.Run("enhance", folder.File("dark.png"), "-o", folder.File("out.png"), "-m", "pairlie", "-p", $"weights={folder.File("p.lumosnet")}");
        Assert.Equal(0, enhance.ExitCode);
        Assert.True(File.Exists(folder.File("out.png")));
    }
}
