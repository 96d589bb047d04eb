using Lumos.Methods;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Methods;

/// <summary>
/// An enhancement method backed by a net: loads its weights (a Lumos checkpoint by path or shipped name, or a
/// PyTorch state dict), then enhances image → tensor → tiled inference → image. Subclasses name the
/// architecture and may post-process the whole output.
/// </summary>
public abstract class NetMethod : IEnhancementMethod
{
    private readonly TilingPlan plan;

    /// <summary>Builds the net and loads its weights.</summary>
    /// <param name="arch">Registered architecture name.</param>
    /// <param name="archOptions">Options record of the architecture, used when the weights are a PyTorch state dict (a checkpoint brings its own).</param>
    /// <param name="weights">A checkpoint file, a shipped checkpoint name or a <c>.pth</c> file.</param>
    /// <param name="defaultWeights">The shipped name used by default, for a clearer error when it is absent.</param>
    /// <param name="plan">Tiling of large images.</param>
    /// <exception cref="LumosException">The weights are missing or do not fit the architecture.</exception>
    protected NetMethod(string arch, object archOptions, string weights, string defaultWeights, TilingPlan plan)
    {
        this.plan = plan;
        if (weights == defaultWeights && !File.Exists(weights) && !Checkpoint.ShippedNames.Contains(weights))
            throw new LumosException($"{arch}: the default checkpoint '{defaultWeights}' is not shipped with this build; pass -p weights=<file{Checkpoint.Extension}|file.pth>");
        Net = Checkpoint.LoadNet(arch, archOptions, weights);
        Net.eval();
    }

    /// <summary>The loaded net, in evaluation mode.</summary>
    protected Module<Tensor, Tensor> Net { get; }

    /// <summary>Called with (tiles done, tiles in all) while a large image runs; null for silence.</summary>
    public Action<int, int>? Progress { get; init; }

    /// <inheritdoc />
    public Mat Enhance(Mat bgr)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = TensorBridge.ToTensor(bgr);
        var output = PostProcess(TiledInference.Run(Forward, input, plan, Progress));
        return TensorBridge.ToMat(output, bgr);
    }

    /// <summary>The net's forward pass on one tile (or the whole image); subclasses may pad what the net cannot take.</summary>
    protected virtual Tensor Forward(Tensor tile) => Net.forward(tile);

    /// <summary>Whole-image post-processing of the net's 1×3×H×W output; none by default.</summary>
    protected virtual Tensor PostProcess(Tensor output) => output;
}
