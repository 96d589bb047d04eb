using Lumos.Nets.Archs;
using Lumos.Nets.Training;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Archs;

public sealed class DnCnnTests
{
    [Fact]
    public void Dncnn_returns_its_input_minus_the_noise_its_last_layer_predicts()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        using var net = new DnCnn(new DnCnnOptions { Depth = 4, Features = 8 });
        var input = rand([2, 3, 13, 17]);
        using (no_grad())
        {
            // A last layer of zeros predicts no noise: the output is the input, exactly.
            var last = net.named_parameters().Where(p => p.name.StartsWith("layers.3.", StringComparison.Ordinal)).ToArray();
            foreach (var (_, parameter) in last) parameter.zero_();
            Assert.Equal(0, (net.forward(input) - input).abs().max().item<float>());
            // A bias of 0.1 on the last layer predicts noise 0.1 everywhere: the output is 0.1 darker.
            last.Single(p => p.name.EndsWith(".bias", StringComparison.Ordinal)).parameter.fill_(0.1);
            Assert.True((net.forward(input) - (input - 0.1)).abs().max().item<float>() < 1e-6);
        }
        Assert.Equal([2L, 3, 13, 17], net.forward(input).shape);
    }

    [Fact]
    public void Dncnn_has_the_parameters_of_its_depth_and_width()
    {
        using var net = new DnCnn(new DnCnnOptions { Depth = 10, Features = 32, Channels = 3 });
        // first 3→32, eight 32→32, last 32→3, each 3×3 with a bias.
        long expected = (3 * 32 * 9 + 32) + 8 * (32 * 32 * 9 + 32) + (32 * 3 * 9 + 3);
        Assert.Equal(expected, NetArchs.ParameterCount(net));
        Assert.Equal(10, DnCnn.Radius(new DnCnnOptions()));
    }

    [Fact]
    public void Brightened_noise_pairs_invert_their_own_darkening_exactly_when_there_is_no_noise()
    {
        using var scope = NewDisposeScope();
        using var crop = TestData.DarkColour(24, 24, 2);
        using var bright = new Mat();
        crop.ConvertTo(bright, MatType.CV_8UC3, 3);
        var clean = Lumos.Nets.Inference.TensorBridge.ToTensor(bright);

        var noiseless = new BrightenedNoisePairs(new LowLightPairOptions { PoissonPeak = 0, GaussianSigma = 0 }).Pairs([bright, bright], new Random(5));
        Assert.True((noiseless.Input - noiseless.Truth).abs().max().item<float>() < 1e-4, "(k·x^γ / k)^(1/γ) is x");
        Assert.Equal(0, (noiseless.Truth[0] - clean[0]).abs().max().item<float>());

        // With the default noise, the brightened shot is noisy, more in the dark half than in the bright half.
        using var halves = new Mat(32, 32, MatType.CV_8UC3, Scalar.All(40));
        using (var right = halves.ColRange(16, 32)) right.SetTo(Scalar.All(220));
        var (noisy, truth) = new BrightenedNoisePairs(new LowLightPairOptions()).Pairs([halves, halves], new Random(5));
        var error = (noisy - truth).abs();
        var darkError = error[.., .., .., ..16].mean().item<float>();
        var lightError = error[.., .., .., 16..].mean().item<float>();
        Assert.True(lightError > 0.005 && darkError > 2 * lightError, $"mean error: dark half {darkError}, bright half {lightError}");
    }
}
