using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>
/// An exponential moving average of a net's weights (Polyak averaging, as BasicSR's <c>ema_decay</c>): after every
/// optimiser step, average ← dₜ·average + (1 − dₜ)·weights over every floating-point entry of the state dict (parameters
/// and running statistics). The average is usually the better net to keep; the raw weights stay the ones trained.
/// The decay warms up as TensorFlow's <c>ExponentialMovingAverage</c> with <c>num_updates</c> does,
/// dₜ = min(d, (1 + t) / (10 + t)) after t updates: without it the initial (random) weights keep a share d^t, still
/// 37% after 1,000 steps at d = 0.999, and early validation rounds score a blend with them.
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private readonly Module net;
    private readonly (string Name, Tensor Live, Tensor Average)[] entries;
    private long updates;

    /// <summary>Starts the average at the net's current weights.</summary>
    /// <param name="net">The net being trained.</param>
    /// <param name="decay">d in [0, 1): 0 follows the weights exactly, 0.999 averages over about a thousand steps.</param>
    public WeightAverage(Module net, double decay)
    {
        if (!(decay >= 0 && decay < 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "the decay must be in [0, 1)");
        this.net = net;
        Decay = decay;
        entries = [.. net.state_dict().Where(e => e.Value.is_floating_point()).Select(e => (e.Key, e.Value, e.Value.detach().clone().DetachFromDisposeScope()))];
    }

    /// <summary>The decay d.</summary>
    public double Decay { get; }

    /// <summary>The decay the next <see cref="Update"/> uses: d, or less during the warm-up.</summary>
    public double CurrentDecay => Math.Min(Decay, (1.0 + updates) / (10.0 + updates));

    /// <summary>Folds the current weights into the average.</summary>
    public void Update()
    {
        double decay = CurrentDecay;
        using var noGrad = no_grad();
        foreach (var (_, live, average) in entries) average.mul_(decay).add_(live, alpha: 1 - decay);
        updates++;
    }

    /// <summary>Puts the averaged weights into the net until the returned object is disposed, which restores the trained ones.</summary>
    public IDisposable Swap()
    {
        using var noGrad = no_grad();
        var saved = entries.Select(e => e.Live.detach().clone().DetachFromDisposeScope()).ToArray();
        foreach (var (_, live, average) in entries) live.copy_(average);
        return new Restore(entries, saved);
    }

    /// <summary>Writes the average (for a resumable checkpoint).</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(entries.Length);
        foreach (var (name, _, average) in entries)
        {
            writer.Write(name);
            average.Save(writer);
        }
        writer.Write(updates);
    }

    /// <summary>Reads an average written by <see cref="Save"/> for the same net.</summary>
    /// <exception cref="LumosException">It belongs to another net.</exception>
    public void Load(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count != entries.Length) throw new LumosException($"the saved weight average has {count} tensors, the net {entries.Length}");
        using var noGrad = no_grad();
        foreach (var (name, _, average) in entries)
        {
            var saved = reader.ReadString();
            if (saved != name) throw new LumosException($"the saved weight average holds '{saved}' where the net has '{name}'");
            using var loaded = Tensor.Load(reader);
            average.copy_(loaded);
        }
        // Averages saved before the warm-up existed end here; they come from runs long past any warm-up.
        var stream = reader.BaseStream;
        updates = stream.Position < stream.Length ? reader.ReadInt64() : long.MaxValue / 2;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, _, average) in entries) average.Dispose();
    }

    private sealed class Restore((string Name, Tensor Live, Tensor Average)[] entries, Tensor[] saved) : IDisposable
    {
        public void Dispose()
        {
            using var noGrad = no_grad();
            for (int i = 0; i < entries.Length; i++)
            {
                entries[i].Live.copy_(saved[i]);
                saved[i].Dispose();
            }
        }
    }
}
