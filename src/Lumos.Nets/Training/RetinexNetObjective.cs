using System.ComponentModel;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Losses;
using Lumos.Registry;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>Which of Retinex-Net's two training stages a run performs.</summary>
public enum RetinexNetStage
{
    /// <summary>
    /// Both stages in one run: Decom-Net on its loss, Enhance-Net on its loss over a detached decomposition — the paper's
    /// gradient boundaries (each loss trains only its own sub-net, as the official var_lists do), side by side.
    /// </summary>
    Both,

    /// <summary>Stage one: Decom-Net alone.</summary>
    Decom,

    /// <summary>Stage two: Enhance-Net alone on a frozen Decom-Net taken from the checkpoint in <see cref="RetinexNetObjectiveOptions.Decom"/>.</summary>
    Enhance,
}

/// <summary>Options of <see cref="RetinexNetObjective"/>: the stage, the synthetic pairs and the net.</summary>
public sealed record RetinexNetObjectiveOptions
{
    /// <summary>The training stage: both at once (default), decom, or enhance on a frozen Decom-Net.</summary>
    [Description("training stage: both (one run, each loss trains its own sub-net), decom, or enhance (needs decom=CHECKPOINT)")]
    public RetinexNetStage Stage { get; init; } = RetinexNetStage.Both;

    /// <summary>For the enhance stage: the retinexnet checkpoint whose Decom-Net is loaded and frozen.</summary>
    [Description("enhance stage: retinexnet checkpoint whose Decom-Net is loaded and frozen")]
    public string? Decom { get; init; }

    /// <summary>How the low-light inputs are synthesised from the normal crops (MBLLEN's recipe: γ darkening, Poisson–Gaussian noise).</summary>
    public LowLightSynthesisOptions Synthesis { get; init; } = new();

    /// <summary>The architecture.</summary>
    public RetinexNetOptions Net { get; init; } = new();
}

/// <summary>
/// Retinex-Net's training (Wei et al., BMVC 2018, §3.3; official model.py and main.py) on synthetic (low, normal) pairs:
/// Decom-Net decomposes both images with shared weights under <see cref="RetinexNetLosses.Decom"/>, and Enhance-Net
/// adjusts the low image's illumination under <see cref="RetinexNetLosses.Enhance"/>. The paper trains the stages one
/// after the other; <see cref="RetinexNetStage.Both"/> runs them together with the same gradient boundaries.
/// </summary>
[Registered("retinexnet", "Retinex-Net, synthetic low-light pairs (gamma + Poisson-Gaussian noise), decomposition and enhancement losses", Citation = "Wei et al., BMVC 2018, §3.3")]
public sealed class RetinexNetObjective : ITrainingObjective, IDisposable
{
    private readonly RetinexNet net;
    private readonly SynthesisPairs pairs;
    private readonly RetinexNetObjectiveOptions options;

    /// <summary>Builds the net and the synthesis; <see cref="Initialise"/> draws the weights.</summary>
    /// <exception cref="LumosException">The enhance stage without a Decom-Net checkpoint.</exception>
    public RetinexNetObjective(RetinexNetObjectiveOptions options)
    {
        if (options.Stage == RetinexNetStage.Enhance && string.IsNullOrEmpty(options.Decom))
            throw new LumosException("retinexnet: the enhance stage needs the Decom-Net to freeze: -p decom=CHECKPOINT (a retinexnet checkpoint of the decom stage)");
        this.options = options;
        ArchOptions = options.Net with { Output = RetinexNetOutput.Enhanced };
        net = new RetinexNet((RetinexNetOptions)ArchOptions);
        pairs = new SynthesisPairs(new LowLightSynthesis(options.Synthesis));
    }

    /// <inheritdoc />
    public string Arch => "retinexnet";

    /// <inheritdoc />
    public object ArchOptions { get; }

    /// <inheritdoc />
    public Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    public IPairSource Pairs => pairs;

    /// <summary>
    /// The official main.py: Adam 10⁻³, no weight decay or clipping; it divides the rate by 10 once, after 20 of 100 epochs.
    /// A recipe decays at regular fractions, so here it is divided by 10 once, at half the run.
    /// </summary>
    public TrainingRecipe Recipe { get; } = new() { LearningRate = 1e-3, DecayEvery = 0.5, DecayFactor = 0.1 };

    /// <summary>
    /// TensorFlow's defaults, which the official code keeps: Glorot-uniform kernels, zero biases; then, for the enhance
    /// stage, Decom-Net's weights from <see cref="RetinexNetObjectiveOptions.Decom"/>, frozen. Seeds the synthesis.
    /// </summary>
    public void Initialise(Generator generator)
    {
        using (no_grad())
        {
            foreach (var (name, parameter) in net.named_parameters())
            {
                using var scope = NewDisposeScope();
                if (name.EndsWith(".bias", StringComparison.Ordinal)) { parameter.zero_(); continue; }
                long receptive = parameter.shape[2] * parameter.shape[3];
                double bound = Math.Sqrt(6.0 / ((parameter.shape[0] + parameter.shape[1]) * receptive));
                parameter.copy_((rand(parameter.shape, generator: generator) * 2 - 1) * bound);
            }
        }
        pairs.Seed(unchecked((ulong)randint(long.MaxValue, [1], generator: generator).item<long>()));
        if (options.Stage != RetinexNetStage.Enhance) return;
        var (trained, meta) = Checkpoint.Load(options.Decom!);
        using (trained)
        {
            if (meta.Arch != "retinexnet") throw new LumosException($"{options.Decom}: a {meta.Arch} checkpoint, not retinexnet");
            using var noGrad = no_grad();
            var own = net.state_dict();
            foreach (var (name, value) in trained.state_dict().Where(p => RetinexNet.IsDecomParameter(p.Key))) own[name].copy_(value);
        }
        foreach (var (name, parameter) in net.named_parameters())
            if (RetinexNet.IsDecomParameter(name)) parameter.requires_grad = false;
    }

    /// <inheritdoc />
    /// <param name="input">The synthetic low-light crops S_low.</param>
    /// <param name="truth">The normal crops S_normal.</param>
    public IReadOnlyDictionary<string, Tensor> Losses(Tensor input, Tensor truth)
    {
        var result = new Dictionary<string, Tensor>();
        var (reflectanceLow, illuminationLow) = options.Stage == RetinexNetStage.Enhance ? Frozen(input) : net.Decompose(input);
        if (options.Stage != RetinexNetStage.Enhance)
        {
            var (reflectanceNormal, illuminationNormal) = net.Decompose(truth);
            var decom = RetinexNetLosses.Decom(input, truth, reflectanceLow, illuminationLow, reflectanceNormal, illuminationNormal);
            result["recon"] = decom.Reconstruction;
            result["ir"] = decom.InvariableReflectance;
            result["is"] = decom.Smoothness;
        }
        if (options.Stage != RetinexNetStage.Decom)
        {
            // Enhance-Net learns on the decomposition as it stands: no gradient flows back into Decom-Net (the official var_list).
            using var r = reflectanceLow.detach();
            using var i = illuminationLow.detach();
            var enhance = RetinexNetLosses.Enhance(truth, r, net.Adjust(r, i));
            result["relight"] = enhance.Reconstruction;
            result["is_delta"] = enhance.Smoothness;
        }
        return result;
    }

    private (Tensor Reflectance, Tensor Illumination) Frozen(Tensor input)
    {
        using var noGrad = no_grad();
        return net.Decompose(input);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        pairs.Dispose();
        net.Dispose();
    }
}
