using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Methods.Denoise;
using Lumos.Nets.Archs;
using Lumos.Nets.Inference;
using Lumos.Onnx;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Nets.Methods;

/// <summary>Options of <see cref="RetinexNetMethod"/>.</summary>
public sealed record RetinexNetMethodOptions
{
    /// <summary>Weights: a Lumos checkpoint file or a shipped checkpoint name.</summary>
    [FileParameter, Description("weights: checkpoint file or shipped name")]
    public string Weights { get; init; } = "retinexnet";

    /// <summary>
    /// BM3D strength h (0–255 scale) for the reflectance before it is relit, as the paper denoises R (Wei et al. §3.2);
    /// 0 leaves R as it is (the default: BM3D costs seconds per megapixel, the net alone a fraction of one).
    /// </summary>
    [Description("BM3D strength on the reflectance before relighting, 0-255 scale (0: off, the default; slow)"), Range(0.0, 100.0)]
    public double Denoise { get; init; }

    /// <summary>Tiling, engine, device and threads (parameters tile, max-memory, engine, device, threads).</summary>
    public NetRunOptions Run { get; init; } = new();
}

/// <summary>
/// Retinex-Net: Decom-Net's reflectance R under Enhance-Net's adjusted illumination Î, run tiled on images of any size.
/// With <see cref="RetinexNetMethodOptions.Denoise"/> the net gives R and Î separately and R is filtered by
/// <see cref="Bm3d"/> (its chroma at 1.5× the strength, as the bm3d method) before the product R ∘ Î.
/// </summary>
[Registered("retinexnet", "Retinex-Net: deep Retinex decomposition and illumination adjustment, output R * I' (optional BM3D on R)", Citation = "Wei, Wang, Yang, Liu, Deep Retinex Decomposition for Low-Light Enhancement, BMVC 2018")]
public sealed class RetinexNetMethod : NetMethod
{
    private readonly INetSession? illumination;
    private readonly Bm3d? denoiser;

    /// <summary>Loads the weights (twice, for R and for Î, when R is denoised).</summary>
    /// <exception cref="LumosException">The weights are missing or do not fit, or the engine or device is unknown.</exception>
    public RetinexNetMethod(RetinexNetMethodOptions options)
        // Overlap 192 = 4 × the 48-pixel receptive-field radius (the encoder's stride-8 level). Footprint: measured 2,298 / 6,406
        // bytes per pixel on ONNX Runtime / TorchSharp (bench footprint), with a margin.
        : base("retinexnet", new RetinexNetOptions(), options.Weights, "retinexnet", options.Run, overlap: 4 * RetinexNet.Radius, new NetFootprint(Onnx: 2900, Torch: 10000),
            adjustOptions: Output(options.Denoise > 0 ? RetinexNetOutput.Reflectance : RetinexNetOutput.Enhanced), align: RetinexNet.Stride)
    {
        if (options.Denoise <= 0) return;
        illumination = NetSessions.Open("retinexnet", new RetinexNetOptions(), options.Weights, options.Run,
            Output(RetinexNetOutput.Illumination));
        denoiser = new Bm3d(new Bm3dOptions { Strength = options.Denoise, ColourStrength = 1.5 * options.Denoise });
    }

    /// <summary>
    /// The exact receptive radius, 48 rows (a multiple of the stride 8, as band starts are), not the 4× tile overlap:
    /// an 8-megapixel band of a 6000-pixel-wide image is 1,333 rows, and 2 × 192 rows of context would add 29% to its work.
    /// </summary>
    public override int? Margin => RetinexNet.Radius;

    private static Func<object, object> Output(RetinexNetOutput output) => o => (RetinexNetOptions)o with { Output = output };

    /// <summary>R ∘ Î from the net, or BM3D(R) ∘ Î when R is denoised.</summary>
    protected override PlanarImage Forward(PlanarImage tile)
    {
        if (denoiser is null || illumination is null) return Session.Run(tile);
        var reflectance = Session.Run(tile);
        var adjusted = illumination.Run(tile);
        using var like = new Mat(1, 1, MatType.CV_16UC3);
        using var bgr = reflectance.ToBgr(like);
        using var filtered = denoiser.Enhance(bgr);
        var result = PlanarImage.FromBgr(filtered);
        for (int i = 0; i < result.Data.Length; i++) result.Data[i] *= adjusted.Data[i];
        return result;
    }

    /// <inheritdoc />
    protected override void DisposeOwned() => illumination?.Dispose();
}
