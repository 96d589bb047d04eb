using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lumos.Nets.Losses;

/// <summary>Options of <see cref="MbllenLoss"/>.</summary>
public sealed record MbllenLossOptions
{
    /// <summary>Fraction of each prediction's darkest pixels (by grey 0.39R + 0.5G + 0.11B) that the region loss up-weights.</summary>
    [Description("fraction of darkest predicted pixels the region loss up-weights"), Range(0.0, 1.0)]
    public double DarkFraction { get; init; } = 0.4;

    /// <summary>Weight of the dark region's L1 (the rest weighs 1).</summary>
    [Description("region-loss weight of the dark pixels"), Range(1.0, 100.0)]
    public double DarkWeight { get; init; } = 4;

    /// <summary>
    /// Optional PyTorch VGG19 state dict (torchvision layout) for the context term. Null (the default, as
    /// no ImageNet weights ship with Lumos) leaves it out: the loss is then L1 + SSIM + region only, which
    /// still learns brightness, structure and dark-region detail but lacks the perceptual (VGG) pull.
    /// </summary>
    [Description("PyTorch VGG19 state dict for the context term (none: L1 + SSIM + region)")]
    public string? Vgg19Weights { get; init; }
}

/// <summary>The terms of one <see cref="MbllenLoss"/> evaluation (scalars); Context is null without VGG weights.</summary>
public sealed record MbllenLossTerms(Tensor Total, Tensor L1, Tensor Structure, Tensor Region, Tensor? Context);

/// <summary>
/// MBLLEN's training loss (Lv et al., BMVC 2018, Eq. 1–4, as in the official train.py): L1 + context/3 +
/// (3 − Σ_c SSIM_c) + region, on (N, 3, H, W) RGB prediction and target in [0, 1].
/// </summary>
public sealed class MbllenLoss : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly MbllenLossOptions options;
    private readonly Tensor window;
    private readonly Vgg19Features? vgg;

    /// <summary>Builds the loss; loads VGG19 when <see cref="MbllenLossOptions.Vgg19Weights"/> is given.</summary>
    public MbllenLoss(MbllenLossOptions options) : base(nameof(MbllenLoss))
    {
        TorchRuntime.EnsureCorrect(); // its SSIM blur is a convolution
        this.options = options;
        // 11×11 Gaussian, σ = 1.5, normalised (the official fspecial imitation), one per channel.
        var offsets = arange(-5, 6, dtype: float32);
        var g = exp(-(offsets.view(-1, 1).square() + offsets.view(1, -1).square()) / (2 * 1.5 * 1.5));
        window = (g / g.sum()).expand(3, 1, 11, 11).contiguous();
        if (options.Vgg19Weights is not null) vgg = new Vgg19Features(options.Vgg19Weights);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor prediction, Tensor target) => Terms(prediction, target).Total;

    /// <summary>All terms, for progress reports.</summary>
    public MbllenLossTerms Terms(Tensor prediction, Tensor target)
    {
        var l1 = (prediction - target).abs().mean();
        var structure = 3 - SsimPerChannel(prediction, target).sum();
        var region = Region(prediction, target);
        var total = l1 + structure + region;
        Tensor? context = null;
        if (vgg is not null)
        {
            // The official code feeds VGG the [0, 1] images rescaled to [−1, 1] (utls.range_scale).
            context = (vgg.forward(prediction * 2 - 1) - vgg.forward(target * 2 - 1)).abs().mean();
            total = total + context / 3;
        }
        return new MbllenLossTerms(total, l1, structure, region, context);
    }

    /// <summary>Mean SSIM of each channel over the batch (valid 11×11 Gaussian windows, C1 = 0.01², C2 = 0.03²).</summary>
    public Tensor SsimPerChannel(Tensor x, Tensor y)
    {
        const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        Tensor Blur(Tensor t) => F.conv2d(t, window, groups: 3);
        var mx = Blur(x);
        var my = Blur(y);
        var sxx = Blur(x * x) - mx * mx;
        var syy = Blur(y * y) - my * my;
        var sxy = Blur(x * y) - mx * my;
        var map = (2 * mx * my + c1) * (2 * sxy + c2) / ((mx * mx + my * my + c1) * (sxx + syy + c2));
        return map.mean([0, 2, 3]);
    }

    /// <summary>
    /// Region loss: L1 with the darkest <see cref="MbllenLossOptions.DarkFraction"/> of each prediction's
    /// pixels weighted <see cref="MbllenLossOptions.DarkWeight"/>, the rest 1. The official train.py compares
    /// the grey image with a negated threshold (top_k of −grey), so its mask is empty and its region term
    /// reduces to plain L1; this follows the paper's intent instead.
    /// </summary>
    public Tensor Region(Tensor prediction, Tensor target)
    {
        long n = prediction.shape[0], pixels = prediction.shape[2] * prediction.shape[3];
        Tensor mask;
        using (no_grad())
        {
            var grey = (0.39 * prediction[.., 0] + 0.5 * prediction[.., 1] + 0.11 * prediction[.., 2]).reshape(n, pixels);
            long k = Math.Max(1, (long)(pixels * options.DarkFraction)); // the official index int(HW·p − 1), 1-based
            var threshold = grey.kthvalue(k, 1, keepdim: true).values;
            mask = grey.le(threshold).to(prediction.dtype).view(n, 1, prediction.shape[2], prediction.shape[3]);
        }
        return ((prediction - target).abs() * (1 + (options.DarkWeight - 1) * mask)).mean();
    }
}
