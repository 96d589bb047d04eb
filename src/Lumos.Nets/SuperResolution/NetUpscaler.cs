using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using Lumos.SuperResolution;
using OpenCvSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.SuperResolution;

/// <summary>Options shared by the net upscalers.</summary>
public sealed record NetUpscalerOptions
{
    /// <summary>Weights: a Lumos checkpoint file, a shipped checkpoint name or a PyTorch state dict; empty = the shipped <c>&lt;method&gt;-x&lt;scale&gt;</c>.</summary>
    [Description("weights: checkpoint file, shipped name or PyTorch .pth state dict (empty = shipped <method>-x<scale>)")]
    public string Weights { get; init; } = "";

    /// <summary>Tile side in the net's input pixels; 0 chooses it from <see cref="MaxMemory"/>.</summary>
    [Description("tile side in input pixels (0 = from max-memory)"), Range(0, 65536)]
    public int Tile { get; init; }

    /// <summary>Memory budget of one tile's forward pass, MiB.</summary>
    [Description("memory budget of one tile's forward pass, MiB"), Range(16, 1 << 20)]
    public double MaxMemory { get; init; } = 1024;
}

/// <summary>
/// A super-resolution method backed by a net: loads the weights for each scale once, runs luma-only nets on Y
/// through <see cref="YCbCr"/> (bicubic chroma) and colour nets on RGB, always through <see cref="TiledInference"/>.
/// Subclasses describe the architecture: one small registration file per net.
/// </summary>
public abstract class NetUpscaler(NetUpscalerOptions options) : IUpscaler
{
    private readonly ConcurrentDictionary<int, Lazy<Module<Tensor, Tensor>>> nets = new();

    /// <summary>Registered architecture name.</summary>
    protected abstract string Arch { get; }

    /// <summary>The architecture's options record for <paramref name="scale"/> (used for PyTorch state dicts).</summary>
    protected abstract object ArchOptions(int scale);

    /// <summary>True when the net sees the Y plane only (MATLAB YCbCr, bicubic chroma).</summary>
    protected abstract bool LumaOnly { get; }

    /// <summary>True when the net refines a bicubic-upsampled input of the output size (SRCNN, VDSR).</summary>
    protected virtual bool UpsampledInput => false;

    /// <summary>Tile overlap in the net's input pixels: at least 4× its receptive-field radius.</summary>
    protected abstract int Overlap { get; }

    /// <summary>Peak working memory per input pixel, bytes (estimate), for choosing the tile side.</summary>
    protected abstract double BytesPerPixel { get; }

    /// <summary>The shipped checkpoint used when no weights are given.</summary>
    protected virtual string DefaultWeights(int scale) => $"{Arch}-x{scale}";

    /// <summary>The receptive radius (a quarter of <see cref="Overlap"/>) in LR pixels, plus bicubic's 4 for chroma or the upsampled input.</summary>
    public int Margin(int scale) => (UpsampledInput ? Overlap / 4 / scale : Overlap / 4) + 4;

    /// <inheritdoc />
    public Mat Upscale(Mat bgr, int scale)
    {
        var net = nets.GetOrAdd(scale, s => new Lazy<Module<Tensor, Tensor>>(() => Load(s))).Value;
        if (LumaOnly) return YCbCr.Upscale(bgr, scale, y => RunLuma(net, y, scale));
        using var scope = NewDisposeScope();
        var output = Run(net, TensorBridge.ToTensor(bgr), scale);
        return TensorBridge.ToMat(output, bgr);
    }

    private Module<Tensor, Tensor> Load(int scale)
    {
        var weights = options.Weights;
        if (weights.Length == 0)
        {
            weights = DefaultWeights(scale);
            if (!Checkpoint.ShippedNames.Contains(weights))
                throw new LumosException($"{Arch}: no shipped checkpoint '{weights}' for ×{scale}; pass -p weights=<file{Checkpoint.Extension}|file.pth>");
        }
        object archOptions;
        try { archOptions = ArchOptions(scale); }
        catch (ArgumentException e) { throw new LumosException($"{Arch}: no ×{scale} model ({e.Message.Split('\n')[0]})", e); }
        var net = Checkpoint.LoadNet(Arch, archOptions, weights);
        net.eval();
        return net;
    }

    private Mat RunLuma(Module<Tensor, Tensor> net, Mat y, int scale)
    {
        using var scope = NewDisposeScope();
        if (!UpsampledInput) return TensorBridge.ToPlane(Run(net, TensorBridge.FromPlane(y), scale));
        using var upsampled = MatlabResize.Bicubic(y, scale);
        return TensorBridge.ToPlane(Run(net, TensorBridge.FromPlane(upsampled), 1));
    }

    /// <summary>Tiled inference of a 1×C×H×W input whose output must be <paramref name="netScale"/> times larger.</summary>
    private Tensor Run(Module<Tensor, Tensor> net, Tensor input, int netScale)
    {
        using var noGrad = no_grad();
        var plan = new TilingPlan(options.Tile, Overlap, options.MaxMemory, BytesPerPixel, netScale);
        var output = TiledInference.Run(t =>
        {
            var tile = net.forward(t);
            if (tile.shape[2] != t.shape[2] * netScale || tile.shape[3] != t.shape[3] * netScale)
                throw new LumosException($"{Arch}: the weights upscale by {tile.shape[2] / (double)t.shape[2]:0.##}, not {netScale}");
            return tile;
        }, input, plan);
        return output;
    }
}
