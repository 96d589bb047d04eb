using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Checkpoints;

/// <summary>Copies a state dict into a net after checking that names and shapes match exactly.</summary>
public static class StateDicts
{
    /// <summary>Loads <paramref name="state"/> into <paramref name="net"/>.</summary>
    /// <param name="net">The target net.</param>
    /// <param name="state">Tensors by parameter name.</param>
    /// <param name="source">The file the state came from, for messages.</param>
    /// <exception cref="LumosException">Keys are missing or unexpected, or shapes differ; the message lists each.</exception>
    public static void Load(Module net, IReadOnlyDictionary<string, Tensor> state, string source)
    {
        var target = net.state_dict();
        var missing = target.Keys.Where(k => !state.ContainsKey(k)).ToArray();
        var unexpected = state.Keys.Where(k => !target.ContainsKey(k)).ToArray();
        var mismatched = target.Keys.Where(state.ContainsKey)
            .Where(k => !target[k].shape.SequenceEqual(state[k].shape))
            .Select(k => $"{k} is {Shape(state[k])} in the file, {Shape(target[k])} in the net").ToArray();
        if (missing.Length + unexpected.Length + mismatched.Length > 0)
        {
            var problems = new List<string>();
            if (missing.Length > 0) problems.Add($"missing keys: {string.Join(", ", missing)}");
            if (unexpected.Length > 0) problems.Add($"unexpected keys: {string.Join(", ", unexpected)}");
            if (mismatched.Length > 0) problems.Add($"shape mismatches: {string.Join("; ", mismatched)}");
            throw new LumosException($"{source}: weights do not fit {net.GetType().Name} ({string.Join("; ", problems)})");
        }
        using var noGrad = no_grad();
        foreach (var (key, tensor) in target) tensor.copy_(state[key]);
    }

    private static string Shape(Tensor t) => "[" + string.Join("×", t.shape) + "]";
}
