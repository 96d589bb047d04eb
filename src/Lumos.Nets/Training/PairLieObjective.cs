using System.ComponentModel;
using Lumos.Nets.Archs;
using Lumos.Nets.Losses;
using Lumos.Registry;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>Where PairLIE's training pairs come from.</summary>
public enum PairLieSource
{
    /// <summary>Two shots of one scene at different exposures with independent noise (<see cref="TwoExposurePairs"/>), as the paper trains.</summary>
    TwoExposure,

    /// <summary>Neighbour sub-sampling of one shot (<see cref="NeighbourSubsampledPairs"/>), the seed's single-image variant.</summary>
    SingleImage,
}

/// <summary>Options of <see cref="PairLieObjective"/>: the pair source, its darkening and noise, and the net.</summary>
public sealed record PairLieObjectiveOptions
{
    /// <summary>The pair source: two exposures of each scene (the paper) or neighbour sub-sampling of one image.</summary>
    [Description("pair source: two-exposure (two shots of a scene, the paper) or single-image (neighbour sub-sampling of one shot)")]
    public PairLieSource Pairs { get; init; } = PairLieSource.TwoExposure;

    /// <summary>How each shot is darkened and made noisy.</summary>
    public LowLightPairOptions Shots { get; init; } = new();

    /// <summary>The architecture (channels; the output exponent is an inference setting).</summary>
    public PairLieOptions Net { get; init; } = new();
}

/// <summary>
/// PairLIE's self-supervised training (Fu et al., CVPR 2023, §3.2; official main.py): both images of a low-light
/// pair go through the net, and <see cref="PairLieLosses"/> ties their reflectances together, decomposes the first
/// one's projection and keeps that projection close to it. No normal-light image is used.
/// </summary>
[Registered("pairlie", "PairLIE, self-supervised on low-light pairs (two exposures or single-image sub-sampling)", Citation = "Fu et al., CVPR 2023, §3.2")]
public sealed class PairLieObjective : ITrainingObjective, IDisposable
{
    private readonly PairLie net;

    /// <summary>Builds the net and the pair source; <see cref="Initialise"/> draws the weights.</summary>
    public PairLieObjective(PairLieObjectiveOptions options)
    {
        ArchOptions = options.Net;
        net = new PairLie(options.Net);
        Pairs = options.Pairs == PairLieSource.SingleImage ? new NeighbourSubsampledPairs(options.Shots) : new TwoExposurePairs(options.Shots);
        ValidationPairs = new DarkenedShotPairs(options.Shots);
    }

    /// <inheritdoc />
    public string Arch => "pairlie";

    /// <inheritdoc />
    public object ArchOptions { get; }

    /// <inheritdoc />
    public Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    public IPairSource Pairs { get; }

    /// <summary>One darkened shot against its clean crop: the training pairs' "truth" is another dark shot, no score to select by.</summary>
    public IPairSource ValidationPairs { get; }

    /// <summary>The official main.py: Adam 10⁻⁴, no weight decay or clipping, learning rate halved every quarter of the run (100 of 400 epochs).</summary>
    public TrainingRecipe Recipe { get; } = new() { LearningRate = 1e-4, DecayEvery = 0.25, DecayFactor = 0.5 };

    /// <summary>PyTorch's default convolution initialisation, which the official code keeps: weights and biases ~ U(±1/√fan-in).</summary>
    public void Initialise(Generator generator)
    {
        using var noGrad = no_grad();
        var parameters = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in parameters)
        {
            using var scope = NewDisposeScope();
            var weight = name.EndsWith(".bias", StringComparison.Ordinal) ? parameters[name[..^".bias".Length] + ".weight"] : parameter;
            double bound = 1 / Math.Sqrt(weight.shape[1] * weight.shape[2] * weight.shape[3]);
            parameter.copy_((rand(parameter.shape, generator: generator) * 2 - 1) * bound);
        }
    }

    /// <inheritdoc />
    /// <param name="input">The first low-light image of each pair.</param>
    /// <param name="truth">The second image of each pair (another low-light shot, not a ground truth).</param>
    public IReadOnlyDictionary<string, Tensor> Losses(Tensor input, Tensor truth)
    {
        var (illumination, reflectance, projected) = net.Decompose(input);
        var terms = PairLieLosses.Compute(input, projected, illumination, reflectance, net.Reflectance(truth));
        return new Dictionary<string, Tensor>
        {
            ["c"] = terms.Consistency, ["r"] = terms.Reconstruction, ["l"] = terms.IlluminationPrior, ["tv"] = terms.Smoothness, ["p"] = terms.Projection,
        };
    }

    /// <inheritdoc />
    public void Dispose() => net.Dispose();
}
