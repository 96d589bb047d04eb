using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Registry;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lumos.Nets.Methods;

/// <summary>Options of <see cref="MbllenMethod"/>.</summary>
public sealed record MbllenMethodOptions
{
    /// <summary>
    /// Weights: a Lumos checkpoint file or shipped name. Shipped: <c>mbllen</c> (the official synthetic
    /// low-light + noise weights, the official test script's default) and <c>mbllen-lol</c> (their LOL fine-tune).
    /// </summary>
    [Description("weights: checkpoint file or shipped name (mbllen = official synthetic+noise, mbllen-lol = LOL fine-tune)")]
    public string Weights { get; init; } = "mbllen";

    /// <summary>Tile side in pixels; 0 chooses it from <see cref="MaxMemory"/>.</summary>
    [Description("tile side in pixels (0 = from max-memory)"), Range(0, 65536)]
    public int Tile { get; init; }

    /// <summary>Memory budget of the net's working set, MiB.</summary>
    [Description("memory budget of one tile's forward pass, MiB"), Range(16, 1 << 20)]
    public double MaxMemory { get; init; } = 1024;

    /// <summary>
    /// Apply the official test script's post-processing (percentile gain and black point, saturation 0.8); on
    /// by default, as the published results include it. Off gives the raw net output.
    /// </summary>
    [Description("apply the official post-processing (gain, black point, saturation)")]
    public bool PostProcess { get; init; } = true;
}

/// <summary>MBLLEN: the multi-branch net, run tiled on images of any size, then the official post-processing.</summary>
[Registered("mbllen", "MBLLEN: multi-branch CNN enhancement and denoising (official weights)", Citation = "Lv, Lu, Wu, Lim, MBLLEN: Low-light Image/Video Enhancement Using CNNs, BMVC 2018")]
public sealed class MbllenMethod(MbllenMethodOptions options)
    : NetMethod("mbllen", new MbllenOptions(), options.Weights, "mbllen", Plan(options))
{
    private readonly MbllenPostProcess? postProcess = options.PostProcess ? new MbllenPostProcess(new MbllenPostProcessOptions()) : null;

    // Receptive radius 23 px (ten 3×3 FEM convs, then the EM's 3×3 conv and three valid plus three transposed 5×5):
    // the blend ignores the outer overlap/4, so 96 makes tiles seamless. 2 kB per pixel: measured peak 1.7 kB (32-channel
    // features plus the im2col / col2im buffers of the 3×3 and 5×5 convolutions; 512² vs 256² untiled).
    private static TilingPlan Plan(MbllenMethodOptions options) => new(options.Tile, 96, options.MaxMemory, 2000);

    /// <summary>Pads sides below the net's minimum by repeated reflection, and crops the output back.</summary>
    protected override Tensor Forward(Tensor tile)
    {
        int minimum = Mbllen.MinimumSide(new MbllenOptions());
        int height = (int)tile.shape[2], width = (int)tile.shape[3];
        if (height >= minimum && width >= minimum) return Net.forward(tile);
        var padded = tile;
        // A reflection adds at most side − 1 pixels; a 1-pixel side can only be replicated.
        while (padded.shape[2] < minimum || padded.shape[3] < minimum)
        {
            int h = (int)padded.shape[2], w = (int)padded.shape[3];
            long padY = Math.Min(Math.Max(0, minimum - h), h - 1), padX = Math.Min(Math.Max(0, minimum - w), w - 1);
            padded = padY == 0 && padX == 0 && (h == 1 || w == 1)
                ? F.pad(padded, [w == 1 ? 1 : 0, 0, h == 1 ? 1 : 0, 0], TorchSharp.PaddingModes.Replicate)
                : F.pad(padded, [0, padX, 0, padY], TorchSharp.PaddingModes.Reflect);
        }
        return Net.forward(padded).narrow(2, 0, height).narrow(3, 0, width);
    }

    /// <inheritdoc />
    protected override Tensor PostProcess(Tensor output) => postProcess?.Apply(output) ?? output;
}
