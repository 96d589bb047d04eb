using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using Lumos.Onnx;
using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Nets.Methods;

/// <summary>
/// An enhancement method backed by a net: loads its weights (a Lumos checkpoint by path or shipped name, or a
/// PyTorch state dict) on ONNX Runtime or TorchSharp, then enhances image → planar RGB → tiled inference →
/// image. Subclasses name the architecture and may pre-process tiles or post-process the whole output.
/// </summary>
public abstract class NetMethod : IEnhancementMethod, IDisposable
{
    private readonly TilingPlan plan;

    /// <summary>Loads the net's weights on the chosen engine.</summary>
    /// <param name="arch">Registered architecture name.</param>
    /// <param name="archOptions">Options record of the architecture, used when the weights are a PyTorch state dict (a checkpoint brings its own).</param>
    /// <param name="weights">A checkpoint file, a shipped checkpoint name or a <c>.pth</c> file.</param>
    /// <param name="defaultWeights">The shipped name used by default, for a clearer error when it is absent.</param>
    /// <param name="run">Tiling, engine, device and threads.</param>
    /// <param name="overlap">Tile overlap in pixels: at least 4× the net's receptive-field radius.</param>
    /// <param name="footprint">Peak working memory per pixel on each engine, for choosing the tile side.</param>
    /// <param name="adjustOptions">Replaces inference-time options (not the weights' shapes) in a checkpoint's own options; null keeps them.</param>
    /// <param name="align">Tiles start at multiples of this: the total stride of a net that down-samples, so tiles stay seamless.</param>
    /// <exception cref="LumosException">The weights are missing or do not fit the architecture, or the engine or device is unknown.</exception>
    protected NetMethod(string arch, object archOptions, string weights, string defaultWeights, NetRunOptions run, int overlap, NetFootprint footprint,
        Func<object, object>? adjustOptions = null, int align = 1)
    {
        plan = run.Plan(overlap, footprint, align: align);
        if (weights == defaultWeights && !File.Exists(weights) && !Checkpoint.ShippedNames.Contains(weights))
            throw new LumosException($"{arch}: the default checkpoint '{defaultWeights}' is not in {Checkpoint.ShippedFolder}; set the weights parameter to a checkpoint file ({Checkpoint.Extension} or .pth)");
        Session = NetSessions.Open(arch, archOptions, weights, run, adjustOptions);
    }

    /// <summary>
    /// The tile overlap: at least 4× the receptive radius, so rows that far inside a band see what they see in a
    /// whole-image run, and a large image runs in bands whose float planes are a band's, not the image's.
    /// </summary>
    public virtual int? Margin => plan.Overlap;

    /// <summary>The loaded net.</summary>
    protected INetSession Session { get; }

    /// <inheritdoc />
    public Mat Enhance(Mat bgr)
    {
        var output = PostProcess(Tiler.Run(ForwardPadded, PlanarImage.FromBgr(bgr), plan));
        return output.ToBgr(bgr);
    }

    /// <summary>
    /// The smallest tile side the net takes (its reflection pads need 2 pixels, MBLLEN's valid convolutions more);
    /// smaller tiles, a 5000×1 strip say, are padded up to it and the output cropped back.
    /// </summary>
    protected virtual int MinimumSide => 1;

    /// <summary>The net's forward pass on one tile (or the whole image), at least <see cref="MinimumSide"/> on each side.</summary>
    protected virtual PlanarImage Forward(PlanarImage tile) => Session.Run(tile);

    private PlanarImage ForwardPadded(PlanarImage tile)
    {
        int minimum = MinimumSide;
        if (tile.Height >= minimum && tile.Width >= minimum) return Forward(tile);
        var padded = tile;
        while (padded.Height < minimum || padded.Width < minimum) padded = Reflect(padded, minimum);
        return Forward(padded).Crop(0, 0, tile.Height, tile.Width);
    }

    /// <summary>
    /// Extends the bottom and right edges towards <paramref name="minimum"/> by mirroring without repeating the edge
    /// (numpy's <c>reflect</c>), which adds at most side − 1 pixels; a 1-pixel side is replicated.
    /// </summary>
    private static PlanarImage Reflect(PlanarImage image, int minimum)
    {
        int height = image.Height, width = image.Width;
        int newHeight = height == 1 ? 2 : Math.Min(minimum, 2 * height - 1), newWidth = width == 1 ? 2 : Math.Min(minimum, 2 * width - 1);
        newHeight = Math.Max(newHeight, height);
        newWidth = Math.Max(newWidth, width);
        var padded = new PlanarImage(image.Channels, newHeight, newWidth);
        for (int c = 0; c < image.Channels; c++)
            for (int y = 0; y < newHeight; y++)
                for (int x = 0; x < newWidth; x++)
                    padded.Data[c * padded.Area + y * newWidth + x] = image.Data[c * image.Area + Mirror(y, height) * width + Mirror(x, width)];
        return padded;

        static int Mirror(int i, int length) => length == 1 ? 0 : i < length ? i : 2 * (length - 1) - i;
    }

    /// <summary>Whole-image post-processing of the net's RGB output; none by default.</summary>
    protected virtual PlanarImage PostProcess(PlanarImage output) => output;

    /// <inheritdoc />
    public void Dispose()
    {
        Session.Dispose();
        DisposeOwned();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees what a subclass holds beyond <see cref="Session"/> (a second session); nothing by default.</summary>
    protected virtual void DisposeOwned() { }
}
