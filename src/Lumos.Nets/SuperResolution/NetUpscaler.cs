using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using Lumos.Onnx;
using Lumos.Processing;
using Lumos.Registry;
using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Nets.SuperResolution;

/// <summary>Options shared by the net upscalers.</summary>
public sealed record NetUpscalerOptions
{
    /// <summary>Weights: a Lumos checkpoint file, a shipped checkpoint name or a PyTorch state dict; empty = the shipped <c>&lt;method&gt;-x&lt;scale&gt;</c>.</summary>
    [FileParameter, Description("weights: checkpoint file, shipped name or PyTorch .pth state dict (empty = shipped <method>-x<scale>)")]
    public string Weights { get; init; } = "";

    /// <summary>Tiling, engine, device and threads (parameters tile, max-memory, engine, device, threads).</summary>
    public NetRunOptions Run { get; init; } = new();
}

/// <summary>
/// A super-resolution method backed by a net: loads the weights for each scale once (on ONNX Runtime by default,
/// or TorchSharp), runs luma-only nets on Y through <see cref="YCbCr"/> (bicubic chroma) and colour nets on RGB,
/// always through the one <see cref="Tiler"/>. Subclasses describe the architecture: one small registration file per net.
/// </summary>
public abstract class NetUpscaler(NetUpscalerOptions options) : IUpscaler, IDisposable
{
    private readonly ConcurrentDictionary<int, Lazy<(INetSession Session, NetFootprint Footprint)>> sessions = new();
    private readonly ConcurrentDictionary<int, string?> refusals = new();
    private readonly NetRunOptions run = options.Run.Checked();

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

    /// <summary>Peak working memory per input pixel on each engine, for choosing the tile side, of the net <paramref name="archOptions"/> build.</summary>
    protected abstract NetFootprint Footprint(object archOptions);

    /// <summary>The shipped checkpoint used when no weights are given.</summary>
    protected virtual string DefaultWeights(int scale) => $"{Arch}-x{scale}";

    /// <summary>The receptive radius (a quarter of <see cref="Overlap"/>) in LR pixels, plus bicubic's 4 for chroma or the upsampled input.</summary>
    public int Margin(int scale) => (UpsampledInput ? Overlap / 4 / scale : Overlap / 4) + 4;

    /// <inheritdoc />
    public Mat Upscale(Mat bgr, int scale)
    {
        var net = sessions.GetOrAdd(scale, s => new Lazy<(INetSession, NetFootprint)>(() => Load(s))).Value;
        if (LumaOnly) return YCbCr.Upscale(bgr, scale, y => RunLuma(net, y, scale));
        return Run(net, PlanarImage.FromBgr(bgr), scale).ToBgr(bgr);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var net in sessions.Values.Where(s => s.IsValueCreated)) net.Value.Session.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public string? RefuseScale(int scale) => refusals.GetOrAdd(scale, Refusal); // asked for every image the library upscales

    private string? Refusal(int scale)
    {
        if (options.Weights.Length == 0 && !Checkpoint.ShippedNames.Contains(DefaultWeights(scale)))
        {
            var shipped = ShippedScales().Select(s => $"×{s}").ToList();
            return $"{Arch}: no shipped checkpoint for ×{scale} ({(shipped.Count == 0 ? "none shipped" : "shipped: " + string.Join(", ", shipped))}); " +
                $"set the weights parameter to a checkpoint file ({Checkpoint.Extension} or .pth)";
        }
        var path = Checkpoint.Resolve(WeightsFor(scale));
        // Said before the net runs, naming the file: the tiler would only see a tile come out at the wrong size.
        return Checkpoint.IsLumosCheckpoint(path) && Checkpoint.ReadArchOptions(path) is IScaledOptions { Scale: var trained } && trained != scale
            ? $"{Arch}: {Path.GetFileName(path)} is a ×{trained} model, not ×{scale} (pass --scale {trained})"
            : null;
    }

    /// <summary>The scale the given checkpoint was trained for (its own, or the first it learnt); without weights, the smallest shipped one.</summary>
    public int? DefaultScale
    {
        get
        {
            if (options.Weights.Length == 0) return ShippedScales().Cast<int?>().FirstOrDefault();
            var path = Checkpoint.Resolve(options.Weights);
            if (!Checkpoint.IsLumosCheckpoint(path)) return null;
            return Checkpoint.ReadArchOptions(path) is IScaledOptions { Scale: var own } ? own : Checkpoint.ReadMeta(path).Scales?.FirstOrDefault();
        }
    }

    private IEnumerable<int> ShippedScales() =>
        Enumerable.Range(2, Operations.MaxScale - 1).Where(s => Checkpoint.ShippedNames.Contains(DefaultWeights(s)));

    private string WeightsFor(int scale) => options.Weights.Length > 0 ? options.Weights : DefaultWeights(scale);

    /// <summary>The session for <paramref name="scale"/> and the footprint of the net it runs (a checkpoint brings its own options).</summary>
    private (INetSession Session, NetFootprint Footprint) Load(int scale)
    {
        if (RefuseScale(scale) is { } refusal) throw new LumosException(refusal);
        var weights = WeightsFor(scale);
        object archOptions;
        try { archOptions = ArchOptions(scale); }
        catch (ArgumentException e) { throw new LumosException($"{Arch}: no ×{scale} model ({e.Message.Split('\n')[0]})", e); }
        var path = Checkpoint.Resolve(weights);
        var own = Checkpoint.IsLumosCheckpoint(path) ? Checkpoint.ReadArchOptions(path) : archOptions;
        var session = NetSessions.Open(Arch, archOptions, weights, run);
        return (session, Footprint(own));
    }

    private Mat RunLuma((INetSession, NetFootprint) net, Mat y, int scale)
    {
        if (!UpsampledInput) return Run(net, PlanarImage.FromPlane(y), scale).ToPlane();
        using var upsampled = MatlabResize.Bicubic(y, scale);
        return Run(net, PlanarImage.FromPlane(upsampled), 1).ToPlane();
    }

    /// <summary>Tiled inference of a C×H×W input whose output must be <paramref name="netScale"/> times larger.</summary>
    private PlanarImage Run((INetSession Session, NetFootprint Footprint) net, PlanarImage input, int netScale) =>
        Tiler.Run(net.Session.Run, input, run.Plan(Overlap, net.Footprint, netScale));
}
