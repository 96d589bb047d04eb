using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Archs;
using Lumos.Registry;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>FSRCNN on Y: MSE on HR Y from LR Y (Dong et al. 2016, §3.3).</summary>
[Registered("fsrcnn", "FSRCNN on Y, bicubic-degraded pairs made on the fly, MSE", Citation = "Dong, Loy & Tang, ECCV 2016, §3.3")]
public sealed class FsrcnnObjective(SrObjectiveOptions options) : SrObjective(options)
{
    private readonly Fsrcnn net = new(new FsrcnnOptions { Scale = options.Scale });

    /// <inheritdoc />
    public override string Arch => "fsrcnn";

    /// <inheritdoc />
    public override object ArchOptions => new FsrcnnOptions { Scale = Scale };

    /// <inheritdoc />
    public override Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    protected override bool LumaOnly => true;

    /// <summary>He initialisation, but the deconvolution from N(0, 0.001) as in the paper (§3.3).</summary>
    public override void Initialise(Generator generator)
    {
        base.Initialise(generator);
        using var noGrad = no_grad();
        var deconvolution = net.named_parameters().Single(p => p.name == "last_part.weight").parameter;
        using var weights = randn(deconvolution.shape, generator: generator) * 0.001;
        deconvolution.copy_(weights);
    }
}

/// <summary>ESPCN on Y: MSE on HR Y from LR Y (Shi et al. 2016, §3.1).</summary>
[Registered("espcn", "ESPCN on Y, bicubic-degraded pairs made on the fly, MSE", Citation = "Shi et al., CVPR 2016, §3.1")]
public sealed class EspcnObjective(SrObjectiveOptions options) : SrObjective(options)
{
    private readonly Espcn net = new(new EspcnOptions { Scale = options.Scale });

    /// <inheritdoc />
    public override string Arch => "espcn";

    /// <inheritdoc />
    public override object ArchOptions => new EspcnOptions { Scale = Scale };

    /// <inheritdoc />
    public override Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    protected override bool LumaOnly => true;
}

/// <summary>Options of <see cref="SrcnnObjective"/>: the shared ones and the net's mapping kernel.</summary>
public sealed record SrcnnObjectiveOptions : SrObjectiveOptions
{
    /// <summary>Kernel side f2 of the non-linear mapping: 1 (9-1-5) or 5 (9-5-5, the paper's best; ~7× the work per pixel).</summary>
    [Description(SrcnnOptions.MappingKernelHelp), Range(1, 9)]
    public int MappingKernel { get; init; } = 1;
}

/// <summary>SRCNN on Y of the bicubic-upsampled LR image, MSE (Dong et al. 2016, §3.1).</summary>
[Registered("srcnn", "SRCNN 9-1-5 (or 9-5-5: -p mapping-kernel=5) on bicubic-upsampled Y, pairs made on the fly, MSE", Citation = "Dong et al., TPAMI 2016, §3.1")]
public sealed class SrcnnObjective(SrcnnObjectiveOptions options) : SrObjective(options)
{
    private readonly SrcnnOptions archOptions = ArchOptionsOf(options);
    private readonly Srcnn net = new(ArchOptionsOf(options));

    /// <inheritdoc />
    public override string Arch => "srcnn";

    /// <inheritdoc />
    public override object ArchOptions => archOptions;

    /// <inheritdoc />
    public override Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    protected override bool LumaOnly => true;

    /// <inheritdoc />
    protected override bool UpsampledInput => true;

    private static SrcnnOptions ArchOptionsOf(SrcnnObjectiveOptions options) => new() { MappingKernel = options.MappingKernel };
}

/// <summary>
/// VDSR on Y of the bicubic-upsampled LR image, residual learning, MSE (Kim et al. 2016, §3.2–3.3): one net for
/// ×2, ×3 and ×4 (each crop draws its scale unless <see cref="SrObjectiveOptions.Scales"/> says otherwise), SGD
/// with momentum 0.9, weight decay 10⁻⁴, learning rate 0.1 divided by 10 every quarter of the run (every 20 of
/// the paper's 80 epochs) and adjustable gradient clipping.
/// </summary>
[Registered("vdsr", "VDSR on bicubic-upsampled Y, multi-scale (×2,×3,×4) pairs, SGD 0.1 with adjustable gradient clipping",
    Citation = "Kim, Lee & Lee, CVPR 2016, §3.2–3.3")]
public sealed class VdsrObjective(SrObjectiveOptions options)
    : SrObjective(options.Scales.Length == 0 ? options with { Scales = "2,3,4" } : options)
{
    /// <summary>
    /// The paper's SGD schedule; θ = 0.01 bounds each weight's step by θ (before momentum) however large the
    /// learning rate, which is what lets VDSR start at 0.1 (the paper does not give θ).
    /// </summary>
    public override TrainingRecipe Recipe => new()
    {
        Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, Momentum = 0.9, WeightDecay = 1e-4, AdjustableClip = 0.01, DecayEvery = 0.25,
    };

    private readonly Vdsr net = new(new VdsrOptions());

    /// <inheritdoc />
    public override string Arch => "vdsr";

    /// <inheritdoc />
    public override object ArchOptions => new VdsrOptions();

    /// <inheritdoc />
    public override Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    protected override bool LumaOnly => true;

    /// <inheritdoc />
    protected override bool UpsampledInput => true;
}

/// <summary>SRResNet on RGB with the pixel (MSE) content loss (Ledig et al. 2017, "SRResNet-MSE").</summary>
[Registered("srresnet", "SRResNet on RGB, pairs made on the fly, MSE (SRResNet-MSE)", Citation = "Ledig et al., CVPR 2017, §2.2.1")]
public sealed class SrResNetObjective(SrObjectiveOptions options) : SrObjective(options)
{
    private readonly SrResNet net = new(new SrResNetOptions { Scale = options.Scale });

    /// <inheritdoc />
    public override string Arch => "srresnet";

    /// <inheritdoc />
    public override object ArchOptions => new SrResNetOptions { Scale = Scale };

    /// <inheritdoc />
    public override Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    protected override bool LumaOnly => false;
}
