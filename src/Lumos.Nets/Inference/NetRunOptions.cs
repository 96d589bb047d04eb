using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Processing;

namespace Lumos.Nets.Inference;

/// <summary>
/// How a built-in net runs, shared by every net method and upscaler as a nested options record (its parameters keep
/// their own names: <c>-p tile=256</c>, <c>-p engine=torch</c>).
/// </summary>
public sealed record NetRunOptions
{
    /// <summary>Tile side in the net's input pixels; 0 chooses it from <see cref="MaxMemory"/>.</summary>
    [Description("tile side in input pixels (0 = from max-memory)"), Range(0, 65536)]
    public int Tile { get; init; }

    /// <summary>Memory budget of one tile's forward pass, MiB.</summary>
    [Description("memory budget of one tile's forward pass, MiB"), Range(16, 1 << 20)]
    public double MaxMemory { get; init; } = 1024;

    /// <summary>Inference engine: <c>onnx</c> (ONNX Runtime) or <c>torch</c> (TorchSharp).</summary>
    [Description("inference engine: onnx (ONNX Runtime) or torch (TorchSharp)")]
    public string Engine { get; init; } = "onnx";

    /// <summary>ONNX Runtime device: <c>cpu</c>, or <c>cuda</c> in a build with the CUDA provider.</summary>
    [Description("ONNX Runtime device: cpu, or cuda in a CUDA build")]
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Threads of the forward pass; 0 keeps the engine's default (ONNX Runtime: one per physical core, whatever
    /// <c>OMP_NUM_THREADS</c> says). On the torch engine it sets libtorch's count for the whole process.
    /// </summary>
    [Description("threads of the forward pass (0 = one per core; torch: for the whole process)"), Range(0, 1024)]
    public int Threads { get; init; }

    /// <summary>
    /// These options, after checking the engine and device names: a net that opens its session on first use (an
    /// upscaler, per scale) calls this when built, so a typo is one usage error, not one failure per image.
    /// </summary>
    /// <exception cref="LumosException">An unknown engine or device (a usage error).</exception>
    public NetRunOptions Checked()
    {
        NetSessions.ParseEngine(Engine);
        Lumos.Onnx.OnnxNetSession.CheckDevice(Device);
        return this;
    }

    /// <summary>The tiling of a net with this <paramref name="overlap"/> and <paramref name="footprint"/> on the chosen <see cref="Engine"/>.</summary>
    /// <exception cref="LumosException">The engine is unknown.</exception>
    public TilingPlan Plan(int overlap, NetFootprint footprint, int scale = 1, int align = 1) =>
        new(Tile, overlap, MaxMemory, footprint.On(NetSessions.ParseEngine(Engine)), scale, align);
}
