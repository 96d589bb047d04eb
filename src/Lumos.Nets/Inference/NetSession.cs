using Lumos.Imaging;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Onnx;
using Lumos.Onnx;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Inference;

/// <summary>Which library runs a built-in net's forward pass.</summary>
public enum NetEngine
{
    /// <summary>ONNX Runtime on the graph the architecture describes (the default: fast; its outputs are checked against TorchSharp and float64 in the tests, on every CPU they run on).</summary>
    Onnx,

    /// <summary>TorchSharp (libtorch), the training engine, after its backend self-check.</summary>
    Torch,
}

/// <summary>Opens built-in nets on the engine the caller picks.</summary>
public static class NetSessions
{
    /// <summary>Parses an engine name (<c>onnx</c> or <c>torch</c>).</summary>
    /// <exception cref="LumosException">Any other name.</exception>
    public static NetEngine ParseEngine(string name) => name.ToLowerInvariant() switch
    {
        "onnx" or "onnxruntime" => NetEngine.Onnx,
        "torch" or "torchsharp" => NetEngine.Torch,
        _ => throw LumosException.Usage($"unknown engine '{name}' (onnx or torch)"),
    };

    /// <summary>Loads <paramref name="weights"/> into an <paramref name="arch"/> net on the engine <paramref name="run"/> names.</summary>
    /// <param name="arch">Registered architecture name.</param>
    /// <param name="archOptions">Options for a PyTorch state dict (a checkpoint brings its own).</param>
    /// <param name="weights">A checkpoint file, a shipped name or a <c>.pth</c> state dict.</param>
    /// <param name="run">Engine, device and threads (its tiling is the caller's).</param>
    /// <param name="adjustOptions">Replaces inference-time options in a checkpoint's own options (e.g. PairLIE's output exponent); null keeps them.</param>
    /// <exception cref="LumosException">Missing or mismatched weights, or an unknown engine or unavailable device.</exception>
    public static INetSession Open(string arch, object archOptions, string weights, NetRunOptions run, Func<object, object>? adjustOptions = null)
    {
        var device = run.Device;
        if (ParseEngine(run.Engine) == NetEngine.Torch)
        {
            if (!device.Equals("cpu", StringComparison.OrdinalIgnoreCase))
                throw new LumosException($"{arch}: the torch engine runs on the CPU only (TorchSharp-cpu); use the onnx engine for device {device}");
            // libtorch has one intra-op pool per process: the last net opened with a count sets it for all.
            if (run.Threads > 0) set_num_threads(run.Threads);
            var net = Checkpoint.LoadNet(arch, archOptions, weights, adjustOptions);
            net.eval();
            return new TorchNetSession(net);
        }
        var path = Checkpoint.Resolve(weights);
        ExportedNet exported;
        if (Checkpoint.IsLumosCheckpoint(path))
        {
            var meta = Checkpoint.ReadMeta(path);
            if (!meta.Arch.Equals(arch, StringComparison.OrdinalIgnoreCase)) throw new LumosException($"{path}: a {meta.Arch} checkpoint, not {arch}");
            exported = NetExport.FromCheckpoint(path, adjustOptions: adjustOptions);
        }
        else
        {
            // A PyTorch state dict is read (and checked against the architecture) by libtorch, then handed over.
            using var net = Checkpoint.LoadNet(arch, archOptions, path);
            exported = NetExport.FromNet(net, archOptions);
        }
        return new OnnxNetSession(exported.Model, $"{arch} ({Path.GetFileName(path)})", device, run.Threads);
    }
}

/// <summary>A TorchSharp net run under <c>no_grad</c>, tile by tile.</summary>
internal sealed class TorchNetSession(Module<Tensor, Tensor> net) : INetSession
{
    private readonly CollectionFreeWindow window = new();

    public PlanarImage Run(PlanarImage input)
    {
        window.Open(); // the forward pass's temporary scalars must outlive a collection another thread could start
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return TensorBridge.ToPlanar(net.forward(TensorBridge.ToTensor(input)));
        }
        finally { window.Close(); }
    }

    public void Dispose() => net.Dispose();
}
