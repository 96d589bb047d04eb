using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>
/// Pseudo-pairs from ONE low-light image, the seed's proposal for PairLIE: the neighbour sub-sampler of
/// Neighbor2Neighbor (Huang et al., CVPR 2021, §3.2). Each crop is darkened once (<see cref="LowLightPairOptions"/>),
/// then split into 2×2 cells; in every cell two adjacent pixels (horizontal or vertical neighbours, one of the 8
/// ordered choices drawn at random) go one to each sub-image. The two half-size sub-images see the same scene
/// through independent noise, as two shots would, but at the same exposure. An odd last row or column is dropped.
/// </summary>
/// <param name="options">The darkening and noise model of the single shot.</param>
public sealed class NeighbourSubsampledPairs(LowLightPairOptions options) : IPairSource
{
    // Cell pixels 0 = top left, 1 = top right, 2 = bottom left, 3 = bottom right; the 8 ordered adjacent pairs.
    private static readonly long[] First = [0, 1, 2, 3, 0, 2, 1, 3];
    private static readonly long[] Second = [1, 0, 3, 2, 2, 0, 3, 1];

    /// <inheritdoc />
    public string Description => $"single-image pseudo-pairs by neighbour sub-sampling (Neighbor2Neighbor) of one shot: {options.Describe()}";

    /// <inheritdoc />
    public (Tensor Input, Tensor Truth) Pairs(IReadOnlyList<Mat> crops, Random random)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(unchecked((ulong)random.NextInt64()));
        var clean = cat(crops.Select(TensorBridge.ToTensor).ToList(), 0);
        var low = options.Shoot(clean, options.DrawGamma(clean.shape[0], generator), generator);
        var (first, second) = Subsample(low, generator);
        return (first.MoveToOuterDisposeScope(), second.MoveToOuterDisposeScope());
    }

    /// <summary>Splits N×C×H×W images into two N×C×⌊H/2⌋×⌊W/2⌋ sub-images, one random adjacent pixel pair per 2×2 cell (the same for every channel).</summary>
    public static (Tensor First, Tensor Second) Subsample(Tensor image, Generator generator)
    {
        using var scope = NewDisposeScope();
        long n = image.shape[0], c = image.shape[1], h = image.shape[2] / 2, w = image.shape[3] / 2;
        if (h < 1 || w < 1) throw new ArgumentException("neighbour sub-sampling needs images of at least 2×2 pixels", nameof(image));
        // N×C×h×2×w×2 → N×C×h×w×4, the last axis the cell's pixels in row-major order.
        var cells = image[.., .., ..(int)(2 * h), ..(int)(2 * w)].reshape(n, c, h, 2, w, 2).permute(0, 1, 2, 4, 3, 5).reshape(n, c, h, w, 4);
        var choice = randint(First.Length, [n, 1, h, w], generator: generator);
        Tensor Pick(long[] table)
        {
            var index = tensor(table).index_select(0, choice.flatten()).view(n, 1, h, w, 1).expand(n, c, h, w, 1);
            return cells.gather(4, index).squeeze(4);
        }
        return (Pick(First).MoveToOuterDisposeScope(), Pick(Second).MoveToOuterDisposeScope());
    }
}
