using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>
/// Where a training step's pairs come from: clean 8-bit crops in, (low-quality input, ground truth) tensors out, both
/// N×C×H×W in [0, 1]. Each objective names its source — darkened exposures, MBLLEN's synthesis, degraded-and-downscaled
/// SR pairs — so the trainer only cuts crops and never needs to know what a task does to them.
/// </summary>
public interface IPairSource
{
    /// <summary>How the pairs are made, for the checkpoint's record (e.g. "darkened: k·x^γ").</summary>
    string Description { get; }

    /// <summary>Makes the pairs of one step.</summary>
    /// <param name="crops">Clean 8-bit BGR crops of equal size (views into the training images; never modified).</param>
    /// <param name="random">The step's generator (seeded by seed and step): every draw comes from it, in a fixed order.</param>
    (Tensor Input, Tensor Truth) Pairs(IReadOnlyList<Mat> crops, Random random);
}
