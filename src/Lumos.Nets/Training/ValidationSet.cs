using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>
/// Held-out pairs scored during training: the centre crop of every validation image goes once through the
/// objective's validation pair source with a fixed generator, so every round scores the same inputs and a better score means
/// a better net, not easier data.
/// </summary>
public sealed class ValidationSet : IDisposable
{
    private readonly Tensor inputs, truths;
    private readonly int batch;

    /// <summary>Makes the pairs of <paramref name="images"/> (centre crops of side <paramref name="crop"/>).</summary>
    /// <param name="objective">Whose validation pair source makes the pairs and whose measure scores them.</param>
    /// <param name="images">The validation images, at least <paramref name="crop"/> on their shorter side.</param>
    /// <param name="crop">Side of the centre crops.</param>
    /// <param name="seed">Seed of the pair source's draws (noise, exposure).</param>
    /// <param name="batch">Crops per forward pass.</param>
    public ValidationSet(ITrainingObjective objective, TrainingImages images, int crop, int seed, int batch)
    {
        var crops = images.CentreCrops(crop);
        try
        {
            var source = objective.ValidationPairs ?? throw new ArgumentException($"{objective.Arch}: no validation pairs", nameof(objective));
            var (input, truth) = source.Pairs(crops, new Random(seed));
            (inputs, truths) = (input.DetachFromDisposeScope(), truth.DetachFromDisposeScope());
        }
        finally { foreach (var c in crops) c.Dispose(); }
        this.batch = Math.Max(1, batch);
        Count = crops.Count;
        Crop = crop;
    }

    /// <summary>Number of validation pairs.</summary>
    public int Count { get; }

    /// <summary>Side of the validation crops.</summary>
    public int Crop { get; }

    /// <summary>The objective's score (higher is better) of the net as it is now, averaged over the pairs; the net is left in training mode.</summary>
    public double Score(ITrainingObjective objective)
    {
        var net = objective.Net;
        net.eval();
        try
        {
            using var noGrad = no_grad();
            double sum = 0;
            for (long start = 0; start < Count; start += batch)
            {
                using var scope = NewDisposeScope();
                long length = Math.Min(batch, Count - start);
                var input = inputs.narrow(0, start, length);
                var truth = truths.narrow(0, start, length);
                sum += objective.Score(objective.Net.forward(input), truth) * length;
            }
            return sum / Count;
        }
        finally { net.train(); }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        inputs.Dispose();
        truths.Dispose();
    }
}
