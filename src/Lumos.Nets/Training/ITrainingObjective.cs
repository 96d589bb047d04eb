using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>What <see cref="Trainer"/> optimises: a net and its loss on a batch of training crops.</summary>
public interface ITrainingObjective
{
    /// <summary>Registered architecture name of <see cref="Net"/>.</summary>
    string Arch { get; }

    /// <summary>The options record the net was built with.</summary>
    object ArchOptions { get; }

    /// <summary>The net being trained.</summary>
    Module<Tensor, Tensor> Net { get; }

    /// <summary>How the training pairs are made from clean crops (darkened exposures, synthesis, degradation).</summary>
    IPairSource Pairs { get; }

    /// <summary>The scales a super-resolution objective trains for (recorded in the checkpoint); null for other tasks.</summary>
    IReadOnlyList<int>? Scales => null;

    /// <summary>The paper's optimiser settings (default: Zero-DCE's, which MBLLEN shares).</summary>
    TrainingRecipe Recipe => TrainingRecipe.ZeroDce;

    /// <summary>Draws the initial weights from <paramref name="generator"/> (never the global generator, which other threads share).</summary>
    void Initialise(Generator generator);

    /// <summary>The named loss terms of one step (summed by the trainer) for the pairs <see cref="Pairs"/> made.</summary>
    /// <param name="input">Low-quality inputs, N×C×H×W.</param>
    /// <param name="truth">Their ground truths (zero-reference objectives ignore them).</param>
    IReadOnlyDictionary<string, Tensor> Losses(Tensor input, Tensor truth);

    /// <summary>
    /// Where the validation pairs come from: (input, real ground truth). Default: <see cref="Pairs"/>; objectives whose
    /// training pairs hold no ground truth (self-supervised pairs of two low-light shots) supply their own, and null
    /// means there is nothing to validate against (training on real low-light photos as they are), so validation is off.
    /// </summary>
    IPairSource? ValidationPairs => Pairs;

    /// <summary>What <see cref="Score"/> measures, for logs, checkpoints and plots.</summary>
    string ScoreName => "PSNR (dB)";

    /// <summary>
    /// The task's validation score of a batch of net outputs against their ground truths, averaged over the batch; higher
    /// is better. Default: PSNR over [0, 1] of each image, outputs clamped to [0, 1].
    /// </summary>
    double Score(Tensor output, Tensor truth) => ValidationScores.Psnr(output, truth, border: 0);
}

/// <summary>
/// An objective with a second, adversarial net (a GAN's discriminator). <see cref="Trainer"/> steps the generator
/// on <see cref="ITrainingObjective.Losses"/>, then the discriminator on <see cref="DiscriminatorLosses"/>,
/// each with its own optimiser built from the same recipe, and keeps both in the checkpoint for --resume.
/// </summary>
public interface IAdversarialObjective : ITrainingObjective
{
    /// <summary>The discriminator being trained alongside <see cref="ITrainingObjective.Net"/>.</summary>
    Module<Tensor, Tensor> Discriminator { get; }

    /// <summary>The discriminator's loss terms on the batch last passed to <see cref="ITrainingObjective.Losses"/> (generator output detached).</summary>
    IReadOnlyDictionary<string, Tensor> DiscriminatorLosses();
}
