using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Registry;

namespace Lumos.Nets.Methods;

/// <summary>Options of <see cref="PairLieMethod"/>.</summary>
public sealed record PairLieMethodOptions
{
    /// <summary>Weights: a Lumos checkpoint file, a shipped checkpoint name, or the official PyTorch state dict (PairLIE.pth).</summary>
    [FileParameter, Description("weights: checkpoint file, shipped name, or the official PairLIE.pth state dict")]
    public string Weights { get; init; } = "pairlie";

    /// <summary>Exponent γ of the output L^γ ∘ R (Fu et al. §3.3; official eval.py: 0.2, 0.14 for LOL); replaces the checkpoint's.</summary>
    [Description("illumination exponent gamma of the output L^gamma * R (0.2 official; lower is brighter)"), Range(0.0, 1.0)]
    public double Exponent { get; init; } = 0.2;

    /// <summary>Tiling, engine, device and threads (parameters tile, max-memory, engine, device, threads).</summary>
    public NetRunOptions Run { get; init; } = new();
}

/// <summary>PairLIE: projection, Retinex decomposition and illumination adjustment, run tiled on images of any size.</summary>
[Registered("pairlie", "PairLIE: Retinex decomposition learned from low-light pairs, output L^gamma * R", Citation = "Fu et al., Learning a Simple Low-light Image Enhancer from Paired Low-light Instances, CVPR 2023")]
public sealed class PairLieMethod(PairLieMethodOptions options)
    // Overlap 40 = 4 × the 10-pixel receptive-field radius: seamless tiles. Footprint: measured 604 / 3,457 bytes per pixel
    // on ONNX Runtime / TorchSharp (bench footprint), with a margin.
    : NetMethod("pairlie", new PairLieOptions { Exponent = options.Exponent }, options.Weights, "pairlie", options.Run, overlap: 40, new NetFootprint(Onnx: 800, Torch: 5500),
        adjustOptions: o => (PairLieOptions)o with { Exponent = options.Exponent })
{
    /// <summary>2: every convolution is reflection-padded by 1, which needs two pixels to mirror.</summary>
    protected override int MinimumSide => 2;
}
