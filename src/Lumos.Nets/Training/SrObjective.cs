using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Nets.Inference;
using Lumos.SuperResolution;
using OpenCvSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>Pixel loss of a super-resolution objective.</summary>
public enum SrLoss
{
    /// <summary>Mean squared error (the loss of SRCNN, FSRCNN, ESPCN, VDSR and SRResNet's MSE variant).</summary>
    Mse,

    /// <summary>Mean absolute error (EDSR onwards).</summary>
    L1,
}

/// <summary>Options of the super-resolution objectives.</summary>
public record SrObjectiveOptions
{
    /// <summary>Upscaling factor the net learns.</summary>
    [Description("upscaling factor"), Range(2, 4)]
    public int Scale { get; init; } = 3;

    /// <summary>Multi-scale training (VDSR, §3.3): comma-separated scales, one drawn per crop; empty = <see cref="Scale"/> only.</summary>
    [Description("multi-scale training: comma-separated scales drawn per crop, e.g. 2,3,4 (empty = scale only; nets on upsampled input)")]
    public string Scales { get; init; } = "";

    /// <summary>Pixel loss.</summary>
    [Description("pixel loss: mse or l1")]
    public SrLoss Loss { get; init; } = SrLoss.Mse;

    /// <summary>
    /// HR pixels at each border of a training crop left out of the loss. Outputs there see the zero padding, which
    /// inside a whole image only its own border does; SRCNN trained with valid convolutions and the loss on the
    /// centre alone for this reason (TPAMI 2016, §4.1: margin = the receptive radius, 8 for 9-5-5). 0 = every pixel.
    /// </summary>
    [Description("HR pixels at each crop border left out of the loss, where outputs see the zero padding (SRCNN's centre-only loss: its receptive radius, 8 for 9-5-5); 0 = all"), Range(0, 64)]
    public int LossMargin { get; init; }
}

/// <summary>
/// Supervised super-resolution training: each HR crop of the batch is degraded on the fly by
/// <see cref="Degradation"/> (MATLAB bicubic ↓s, the papers' setting) and the net learns to undo it; luma-only
/// nets see and are scored on the MATLAB Y plane, as in their papers. Subclasses name the net.
/// </summary>
public abstract class SrObjective : ITrainingObjective
{
    private readonly Degradation[] degradations;
    private readonly int[] scales;
    private readonly SrObjectiveOptions options;
    private DegradedPairs? pairs;

    /// <summary>Builds the degradation (one per scale); the subclass builds the net.</summary>
    /// <exception cref="LumosException"><see cref="SrObjectiveOptions.Scales"/> is not a list of scales 2–4.</exception>
    protected SrObjective(SrObjectiveOptions options)
    {
        this.options = options;
        scales = options.Scales.Length == 0 ? [options.Scale] : options.Scales.Split(',', StringSplitOptions.TrimEntries).Select(ParseScale).Distinct().ToArray();
        degradations = [.. scales.Select(s => new Degradation(new DegradationOptions { Scale = s }))];
    }

    private static int ParseScale(string text) =>
        int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out int scale) && scale is >= 2 and <= 4
            ? scale
            : throw new LumosException($"scales: '{text}' is not a scale from 2 to 4");

    /// <inheritdoc />
    public abstract string Arch { get; }

    /// <inheritdoc />
    public abstract object ArchOptions { get; }

    /// <inheritdoc />
    public abstract Module<Tensor, Tensor> Net { get; }

    /// <inheritdoc />
    public IReadOnlyList<int> Scales => scales;

    /// <summary>The scale being learnt.</summary>
    protected int Scale => options.Scale;

    /// <summary>True when the net sees the Y plane only.</summary>
    protected abstract bool LumaOnly { get; }

    /// <summary>True when the net refines a bicubic-upsampled input (SRCNN, VDSR).</summary>
    protected virtual bool UpsampledInput => false;

    /// <inheritdoc />
    public IPairSource Pairs
    {
        get
        {
            try { return pairs ??= new DegradedPairs(degradations, LumaOnly, UpsampledInput); }
            catch (LumosException e) { throw e.In(Arch); }
        }
    }

    /// <summary>
    /// Adam at 1e-3 for the first half of the run and 1e-4 for the second, without weight decay or clipping: the common
    /// reimplementations' choice, which gets in tens of thousands of CPU steps close to what the papers' SGD needs
    /// far longer for. Weight decay would outweigh the tiny MSE gradients (a ×2 FSRCNN trained with 1e-4 stayed
    /// below bicubic).
    /// </summary>
    public virtual TrainingRecipe Recipe => new() { LearningRate = 1e-3, DecayEvery = 0.5 };

    /// <summary>He-normal convolution weights (He et al. 2015, as FSRCNN and VDSR), zero biases; PReLU slopes keep 0.25.</summary>
    public virtual void Initialise(Generator generator)
    {
        HeNormal.Initialise(Net, generator);
    }

    /// <inheritdoc />
    public virtual IReadOnlyDictionary<string, Tensor> Losses(Tensor input, Tensor target)
    {
        var output = Net.forward(input);
        return new Dictionary<string, Tensor> { [options.Loss == SrLoss.L1 ? "l1" : "mse"] = PixelLoss(output, target) };
    }

    /// <inheritdoc />
    public string ScoreName => "Y PSNR (dB)";

    /// <summary>The papers' protocol: PSNR of MATLAB Y (of the 8-bit colour output for colour nets) with <see cref="Scale"/> pixels cropped from each border.</summary>
    public double Score(Tensor output, Tensor truth)
    {
        if (LumaOnly) return ValidationScores.Psnr(output, truth, Scale);
        using var scope = NewDisposeScope();
        var outputY = ValidationScores.MatlabLuma(ValidationScores.EightBit(output));
        var truthY = ValidationScores.MatlabLuma(ValidationScores.EightBit(truth));
        return ValidationScores.Psnr(outputY, truthY, Scale, quantise: false);
    }

    /// <summary>The configured pixel loss (MSE or L1) of <paramref name="output"/> against <paramref name="target"/>, inside the loss margin.</summary>
    /// <exception cref="LumosException">The margin leaves nothing of the crop.</exception>
    protected Tensor PixelLoss(Tensor output, Tensor target)
    {
        int margin = options.LossMargin;
        if (margin > 0)
        {
            if (2 * margin >= Math.Min(output.shape[2], output.shape[3]))
                throw new LumosException($"{Arch}: loss-margin {margin} leaves nothing of a {output.shape[3]}×{output.shape[2]} crop (use a larger --crop)");
            output = output[.., .., margin..^margin, margin..^margin];
            target = target[.., .., margin..^margin, margin..^margin];
        }
        return options.Loss == SrLoss.L1 ? functional.l1_loss(output, target) : functional.mse_loss(output, target);
    }
}
