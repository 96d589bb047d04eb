using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Archs;
using Lumos.Nets.Losses;
using Lumos.Registry;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>Options of <see cref="MbllenObjective"/>: the net's, the synthesis's and the loss's.</summary>
public sealed record MbllenObjectiveOptions
{
    /// <summary>Number of branches (the published net: 10).</summary>
    [Description("feature-extraction layers, one enhancement branch each"), Range(1, 64)]
    public int Branches { get; init; } = 10;

    /// <summary>Smallest darkening exponent γ of the synthetic pairs.</summary>
    [Description("smallest darkening exponent gamma (low = normal^gamma)"), Range(1.0, 10.0)]
    public double GammaMin { get; init; } = 2.0;

    /// <summary>Largest darkening exponent γ.</summary>
    [Description("largest darkening exponent gamma"), Range(1.0, 10.0)]
    public double GammaMax { get; init; } = 3.5;

    /// <summary>Photons at full white for the Poisson noise; 0 for noise-free pairs.</summary>
    [Description("photons at full white for Poisson shot noise (0: none)"), Range(0.0, 1e6)]
    public double PoissonPeak { get; init; } = 200;

    /// <summary>PyTorch VGG19 state dict for the loss's context term; none leaves the term out.</summary>
    [Description("PyTorch VGG19 state dict for the context loss (none: L1 + SSIM + region)")]
    public string? Vgg19Weights { get; init; }

    /// <summary>Weight of the colour-histogram consistency term (<see cref="ColourHistogramLoss"/>, after SKF); 0 leaves it out.</summary>
    [Description("weight of the SKF-style colour-histogram consistency loss (0: off)"), Range(0.0, 100.0)]
    public double HistogramWeight { get; init; }

    /// <summary>Bins per channel of that term's soft histograms.</summary>
    [Description("bins per channel of the colour-histogram loss"), Range(2, 256)]
    public int HistogramBins { get; init; } = 64;
}

/// <summary>
/// MBLLEN's supervised training on synthetic pairs made on the fly: each batch of normal crops is darkened by
/// <see cref="LowLightSynthesis"/> (γ darkening + Poisson noise), the net enhances it, and
/// <see cref="MbllenLoss"/> compares the result with the normal crops (plus, when weighted, <see cref="ColourHistogramLoss"/>).
/// </summary>
[Registered("mbllen", "MBLLEN, synthetic low-light pairs (gamma + Poisson noise), L1 + SSIM + region loss", Citation = "Lv et al., BMVC 2018, §3.2 and §4.1")]
public sealed class MbllenObjective : ITrainingObjective, IDisposable
{
    private readonly Mbllen net;
    private readonly MbllenLoss loss;
    private readonly SynthesisPairs pairs;
    private readonly double histogramWeight;
    private readonly int histogramBins;

    /// <summary>Builds the net, the synthesis and the loss; <see cref="Initialise"/> draws the weights.</summary>
    public MbllenObjective(MbllenObjectiveOptions options)
    {
        var archOptions = new MbllenOptions { Branches = options.Branches };
        ArchOptions = archOptions;
        net = new Mbllen(archOptions);
        loss = new MbllenLoss(new MbllenLossOptions { Vgg19Weights = options.Vgg19Weights });
        (histogramWeight, histogramBins) = (options.HistogramWeight, options.HistogramBins);
        pairs = new SynthesisPairs(new LowLightSynthesis(new LowLightSynthesisOptions { GammaMin = options.GammaMin, GammaMax = options.GammaMax, PoissonPeak = options.PoissonPeak }));
    }

    /// <inheritdoc />
    public string Arch => "mbllen";

    /// <inheritdoc />
    public object ArchOptions { get; }

    /// <inheritdoc />
    public Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    public IPairSource Pairs => pairs;

    /// <summary>Keras' defaults, which the official model uses: Glorot-uniform kernels, zero biases; then seeds the synthesis.</summary>
    public void Initialise(Generator generator)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in net.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (name.EndsWith(".bias", StringComparison.Ordinal)) { parameter.zero_(); continue; }
            long receptive = parameter.shape[2] * parameter.shape[3];
            double bound = Math.Sqrt(6.0 / ((parameter.shape[0] + parameter.shape[1]) * receptive));
            parameter.copy_((rand(parameter.shape, generator: generator) * 2 - 1) * bound);
        }
        pairs.Seed(unchecked((ulong)randint(long.MaxValue, [1], generator: generator).item<long>()));
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Losses(Tensor input, Tensor truth)
    {
        var output = net.forward(input);
        var terms = loss.Terms(output, truth);
        var result = new Dictionary<string, Tensor> { ["l1"] = terms.L1, ["ssim"] = terms.Structure, ["region"] = terms.Region };
        if (terms.Context is not null) result["vgg"] = terms.Context / 3;
        if (histogramWeight > 0) result["histogram"] = histogramWeight * ColourHistogramLoss.Compute(output, truth, histogramBins);
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        pairs.Dispose();
        loss.Dispose();
        net.Dispose();
    }
}
