using System.ComponentModel;
using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Registry;

namespace Lumos.Nets.Methods;

/// <summary>Options of <see cref="DnCnnMethod"/>.</summary>
public sealed record DnCnnMethodOptions
{
    /// <summary>Weights: a Lumos checkpoint file or a shipped checkpoint name.</summary>
    [FileParameter, Description("weights: checkpoint file or shipped name")]
    public string Weights { get; init; } = "dncnn";

    /// <summary>Tiling, engine, device and threads (parameters tile, max-memory, engine, device, threads).</summary>
    public NetRunOptions Run { get; init; } = new();
}

/// <summary>
/// The learned denoiser, for pipelines after a brightening method (<c>lime</c> then <c>dncnn</c>): the shipped net is
/// trained on the noise a low-light photo carries once it is brightened (<see cref="Training.BrightenedNoisePairs"/>).
/// </summary>
[Registered("dncnn", "DnCNN-style learned denoiser for brightened low-light noise (run after a brightening method)", Citation = "Zhang et al., Beyond a Gaussian Denoiser: Residual Learning of Deep CNN for Image Denoising, IEEE TIP 2017")]
public sealed class DnCnnMethod(DnCnnMethodOptions options)
    // Overlap 48 ≥ 4 × the default net's 10-pixel radius. Footprint: measured 304 / 3,820 bytes per pixel on ONNX Runtime /
    // TorchSharp (bench footprint), with a margin.
    : NetMethod("dncnn", new DnCnnOptions(), options.Weights, "dncnn", options.Run, overlap: 48, new NetFootprint(Onnx: 400, Torch: 6000));
