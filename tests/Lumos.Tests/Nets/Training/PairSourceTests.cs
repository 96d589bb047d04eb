using Lumos.Nets.Training;
using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Training;

public sealed class PairSourceTests
{
    [Fact]
    public void Degraded_pairs_come_straight_from_the_8_bit_crop_equal_to_the_degradation_itself()
    {
        using var crop = TestData.DarkColour(36, 36);
        var degradation = new Degradation(new DegradationOptions { Scale = 3 });
        var (input, truth) = new DegradedPairs([degradation], lumaOnly: false, upsampledInput: false).Pairs([crop], new Random(5));
        var (hr, lr) = degradation.Pair(crop, new Random(5));

        Assert.Equal([1, 3, 12, 12], input.shape);
        Assert.Equal([1, 3, 36, 36], truth.shape);
        using (hr) using (lr)
        {
            using var expectedLr = Lumos.Nets.Inference.TensorBridge.ToTensor(lr);
            Assert.True(input.allclose(expectedLr, rtol: 0, atol: 0));
        }
    }

    [Fact]
    public void Exposure_pairs_darken_the_input_and_keep_the_truth_clean()
    {
        using var crop = TestData.DarkColour(16, 16);
        var (input, truth) = new ExposurePairs(darken: true).Pairs([crop], new Random(1));
        Assert.True(input.mean().item<float>() < truth.mean().item<float>());
        var (same, clean) = new ExposurePairs(darken: false).Pairs([crop], new Random(1));
        Assert.True(same.allclose(clean, rtol: 0, atol: 0));
    }

    [Fact]
    public void Zerodce_darkening_is_an_objective_parameter_and_the_trainer_has_no_flag_for_it()
    {
        Assert.Contains(TrainingObjectives.Registry.Get("zerodce").Parameters, p => p.Name == "darken");
        Assert.DoesNotContain(typeof(TrainOptions).GetProperties(), p => p.Name.Contains("Darken"));
        var cli = Tests.Cli.Cli.Run("train", "fsrcnn", "--data", TestData.Samples, "--out", "/tmp/never.lumosnet", "--no-darken", "--steps", "1");
        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("--no-darken: fsrcnn does not darken", cli.Error);
    }
}
