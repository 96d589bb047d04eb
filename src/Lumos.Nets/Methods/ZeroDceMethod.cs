using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Archs;
using Lumos.Processing;
using Lumos.Registry;

namespace Lumos.Nets.Methods;

/// <summary>Options of <see cref="ZeroDceMethod"/>.</summary>
public sealed record ZeroDceMethodOptions
{
    /// <summary>Weights: a Lumos checkpoint file, a shipped checkpoint name, or the official PyTorch state dict.</summary>
    [Description("weights: checkpoint file, shipped name, or PyTorch .pth state dict")]
    public string Weights { get; init; } = "zerodce";

    /// <summary>Tile side in pixels; 0 chooses it from <see cref="MaxMemory"/>.</summary>
    [Description("tile side in pixels (0 = from max-memory)"), Range(0, 65536)]
    public int Tile { get; init; }

    /// <summary>Memory budget of the net's working set, MiB.</summary>
    [Description("memory budget of one tile's forward pass, MiB"), Range(16, 1 << 20)]
    public double MaxMemory { get; init; } = 1024;

    /// <summary>Inference engine: <c>onnx</c> (ONNX Runtime) or <c>torch</c> (TorchSharp).</summary>
    [Description("inference engine: onnx (ONNX Runtime) or torch (TorchSharp)")]
    public string Engine { get; init; } = "onnx";

    /// <summary>ONNX Runtime device: <c>cpu</c>, or <c>cuda</c> in a build with the CUDA provider.</summary>
    [Description("ONNX Runtime device: cpu, or cuda in a CUDA build")]
    public string Device { get; init; } = "cpu";
}

/// <summary>Zero-DCE: DCE-Net curve estimation, run tiled on images of any size.</summary>
[Registered("zerodce", "Zero-DCE: deep curve estimation (needs weights)", Citation = "Guo et al., Zero-Reference Deep Curve Estimation for Low-Light Image Enhancement, CVPR 2020")]
public sealed class ZeroDceMethod(ZeroDceMethodOptions options)
    : NetMethod("zerodce", new ZeroDceOptions(), options.Weights, "zerodce", Plan(options), options.Engine, options.Device)
{
    // Overlap 32 ≥ 4 × the 7-pixel receptive-field radius: seamless tiles. ~3 kB per pixel: the 32-channel maps plus the 576-float im2col buffer of a 64-channel 3×3 convolution (measured: 8.4 GB peak for 3 MP untiled).
    private static TilingPlan Plan(ZeroDceMethodOptions options) => new(options.Tile, 32, options.MaxMemory, 3000);
}
