using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Losses;
using Lumos.Registry;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>Options of <see cref="SrganObjective"/>.</summary>
public sealed record SrganObjectiveOptions
{
    /// <summary>Upscaling factor.</summary>
    [Description("upscaling factor: 2 or 4"), Range(2, 4)]
    public int Scale { get; init; } = 4;

    /// <summary>SRResNet checkpoint to start the generator from (the paper starts from SRResNet-MSE); empty = He init.</summary>
    [Description("SRResNet checkpoint to start the generator from (the paper's practice); empty = random init")]
    public string Generator { get; init; } = "";

    /// <summary>torchvision VGG19 state dict for the VGG54 content loss; empty = pixel MSE content (SRGAN-MSE).</summary>
    [Description("torchvision VGG19 state dict for the VGG54 content loss; empty = pixel MSE content (SRGAN-MSE)")]
    public string Vgg19Weights { get; init; } = "";

    /// <summary>Weight of the adversarial term (10⁻³ in the paper).</summary>
    [Description("weight of the adversarial term"), Range(0.0, 1.0)]
    public double AdversarialWeight { get; init; } = 1e-3;
}

/// <summary>
/// SRGAN (Ledig et al., CVPR 2017, §2.2): the SRResNet generator trained on content loss + 10⁻³ × the
/// generator's −log D(G(LR)) (eq. 6, as binary cross-entropy on logits), against the fig. 4 discriminator
/// trained on real HR crops versus generated ones. The VGG54 content loss (eq. 5; MSE of conv5_4 features on
/// ImageNet-normalised RGB, scaled by 1/12.75² ≈ 0.006 so it matches the pixel MSE's magnitude) needs ImageNet
/// VGG19 weights, which cannot be downloaded here: without them the content loss is the pixel MSE, the paper's
/// own "SRGAN-MSE" variant.
/// </summary>
[Registered("srgan", "SRGAN: SRResNet generator + discriminator, VGG54 (given weights) or MSE content + 1e-3 adversarial",
    Citation = "Ledig et al., CVPR 2017, §2.2, eqs. 3–6")]
public sealed class SrganObjective : SrObjective, IAdversarialObjective
{
    private static readonly double[] ImageNetMean = [0.485, 0.456, 0.406], ImageNetStd = [0.229, 0.224, 0.225];
    private readonly SrganObjectiveOptions options;
    private readonly SrResNet generator;
    private readonly SrganDiscriminator discriminator = new();
    private readonly Vgg19Features? vgg;
    private Tensor? lastOutput, lastTarget;

    /// <summary>Builds the generator, the discriminator and, with weights, the VGG54 feature net.</summary>
    public SrganObjective(SrganObjectiveOptions options) : base(new SrObjectiveOptions { Scale = options.Scale })
    {
        this.options = options;
        generator = new SrResNet(new SrResNetOptions { Scale = options.Scale });
        if (options.Vgg19Weights.Length > 0) vgg = new Vgg19Features(options.Vgg19Weights, Vgg19Layer.Relu5_4);
    }

    /// <inheritdoc />
    public override string Arch => "srresnet";

    /// <inheritdoc />
    public override object ArchOptions => new SrResNetOptions { Scale = Scale };

    /// <inheritdoc />
    public override Module<Tensor, Tensor> Net => generator;

    /// <inheritdoc />
    public Module<Tensor, Tensor> Discriminator => discriminator;

    /// <inheritdoc />
    protected override bool LumaOnly => false;

    /// <summary>Adam at 10⁻⁴, then 10⁻⁵ for the second half, as the paper.</summary>
    public override TrainingRecipe Recipe => new() { LearningRate = 1e-4, DecayEvery = 0.5 };

    /// <summary>He init for both nets, then the generator from <see cref="SrganObjectiveOptions.Generator"/> if given.</summary>
    public override void Initialise(Generator generator)
    {
        base.Initialise(generator);
        HeNormal.Initialise(discriminator, generator);
        if (options.Generator.Length > 0) Checkpoint.LoadWeights(this.generator, options.Generator);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, Tensor> Losses(Tensor input, Tensor target)
    {
        var output = generator.forward(input);
        lastOutput = output.detach();
        lastTarget = target;
        var content = vgg is null
            ? PixelLoss(output, target)
            : functional.mse_loss(vgg.forward(Normalise(output)), vgg.forward(Normalise(target))) * 0.006;
        using var logits = discriminator.forward(output);
        var adversarial = functional.binary_cross_entropy_with_logits(logits, ones_like(logits)) * options.AdversarialWeight;
        return new Dictionary<string, Tensor> { [vgg is null ? "mse" : "vgg54"] = content, ["adversarial"] = adversarial };
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> DiscriminatorLosses()
    {
        if (lastOutput is null || lastTarget is null) throw new InvalidOperationException("Losses must run before DiscriminatorLosses");
        using var real = discriminator.forward(lastTarget);
        using var fake = discriminator.forward(lastOutput);
        var loss = functional.binary_cross_entropy_with_logits(real, ones_like(real)) + functional.binary_cross_entropy_with_logits(fake, zeros_like(fake));
        return new Dictionary<string, Tensor> { ["discriminator"] = loss };
    }

    private static Tensor Normalise(Tensor rgb)
    {
        using var mean = tensor(ImageNetMean, dtype: rgb.dtype).view(1, 3, 1, 1);
        using var std = tensor(ImageNetStd, dtype: rgb.dtype).view(1, 3, 1, 1);
        return (rgb - mean) / std;
    }
}
