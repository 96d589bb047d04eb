using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Processing;
using Lumos.Registry;

namespace Lumos.Nets.Methods;

/// <summary>Options of <see cref="ZeroDceMethod"/>.</summary>
public sealed record ZeroDceMethodOptions
{
    /// <summary>Weights: a Lumos checkpoint file, a shipped checkpoint name, or the official PyTorch state dict.</summary>
    [FileParameter, Description("weights: checkpoint file, shipped name, or PyTorch .pth state dict")]
    public string Weights { get; init; } = "zerodce";

    /// <summary>Tiling, engine, device and threads (parameters tile, max-memory, engine, device, threads).</summary>
    public NetRunOptions Run { get; init; } = new();
}

/// <summary>Zero-DCE: DCE-Net curve estimation, run tiled on images of any size.</summary>
[Registered("zerodce", "Zero-DCE: deep curve estimation (needs weights)", Citation = "Guo et al., Zero-Reference Deep Curve Estimation for Low-Light Image Enhancement, CVPR 2020")]
public sealed class ZeroDceMethod(ZeroDceMethodOptions options)
    // Overlap 32 ≥ 4 × the 7-pixel receptive-field radius: seamless tiles. Footprint: measured 1,076 / 6,929 bytes per pixel on
    // ONNX Runtime / TorchSharp (bench footprint), with a margin.
    : NetMethod("zerodce", new ZeroDceOptions(), options.Weights, "zerodce", options.Run, overlap: 32, new NetFootprint(Onnx: 1400, Torch: 10500));
