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

    /// <summary>Whether <see cref="Trainer"/> may darken crops (<see cref="TrainOptions.Darken"/>); false for nets that learn from clean pairs, such as super-resolution.</summary>
    bool AcceptsDarkening => true;

    /// <summary>The paper's optimiser settings (default: Zero-DCE's, which MBLLEN shares).</summary>
    TrainingRecipe Recipe => TrainingRecipe.ZeroDce;

    /// <summary>Draws the initial weights from <paramref name="generator"/> (never the global generator, which other threads share).</summary>
    void Initialise(Generator generator);

    /// <summary>The weighted loss terms for an N×3×H×W RGB batch in [0, 1], by name; the loss is their sum.</summary>
    IReadOnlyDictionary<string, Tensor> Losses(Tensor batch);
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
