using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>
/// Pairs for zero-reference training: the input is the crop under a random exposure curve x ↦ k·x^γ (γ ∈ [1, 3],
/// k ∈ [0.25, 1]) so the net sees the under-exposure it must correct, or the crop itself when darkening is off; the
/// ground truth is the clean crop (zero-reference losses do not read it).
/// </summary>
/// <param name="darken">Apply the random exposure curve.</param>
public sealed class ExposurePairs(bool darken) : IPairSource
{
    /// <inheritdoc />
    public string Description => darken ? "darkened by k·x^γ, γ ∈ [1, 3], k ∈ [0.25, 1]" : "as they are";

    /// <inheritdoc />
    public (Tensor Input, Tensor Truth) Pairs(IReadOnlyList<Mat> crops, Random random)
    {
        var clean = crops.Select(TensorBridge.ToTensor).ToList();
        var input = darken ? clean.Select(c => c.pow(1 + 2 * random.NextDouble()) * (0.25 + 0.75 * random.NextDouble())).ToList() : clean;
        return (cat(input, 0), cat(clean, 0));
    }
}
