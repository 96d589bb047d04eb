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

    /// <summary>True when the objective makes its own low-light inputs from normal crops, so the trainer must not darken them.</summary>
    bool SynthesisesLowLight => false;

    /// <summary>Draws the initial weights from <paramref name="generator"/> (never the global generator, which other threads share).</summary>
    void Initialise(Generator generator);

    /// <summary>The weighted loss terms for an N×3×H×W RGB batch in [0, 1], by name; the loss is their sum.</summary>
    IReadOnlyDictionary<string, Tensor> Losses(Tensor batch);
}
