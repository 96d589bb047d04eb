using System.ComponentModel;
using Lumos.Nets.Archs;
using Lumos.Nets.Losses;
using Lumos.Registry;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>Options of <see cref="ZeroDceObjective"/>: the net's own and whether crops are darkened.</summary>
public sealed record ZeroDceObjectiveOptions
{
    /// <summary>Darken each crop by a random exposure curve so the net sees under-exposure (off: train on the images as they are, e.g. real low-light photos).</summary>
    [Description("darken each crop by a random exposure curve k*x^gamma (off: the images as they are)")]
    public bool Darken { get; init; } = true;

    /// <summary>The well-exposedness level E the exposure loss pulls 16×16 patch means towards (Eq. 6).</summary>
    [Description("well-exposedness level E of the exposure loss (the paper: 0.6)"), System.ComponentModel.DataAnnotations.Range(0.1, 0.9)]
    public double Exposure { get; init; } = 0.6;

    /// <summary>Side of the patches whose means the exposure loss pulls towards E (the paper: 16). Larger patches leave more of the scene's own light and shade.</summary>
    [Description("side of the patches the exposure loss averages (the paper: 16)"), System.ComponentModel.DataAnnotations.Range(1, 512)]
    public int ExposurePatch { get; init; } = 16;

    /// <summary>Weight of the grey-world colour-constancy loss (the official 5).</summary>
    [Description("weight of the grey-world colour-constancy loss (the paper: 5)"), System.ComponentModel.DataAnnotations.Range(0.0, 100.0)]
    public double ColourWeight { get; init; } = ZeroDceLosses.ColourWeight;

    /// <summary>Weight of the illumination-smoothness loss on the curve maps (the paper: 200; Zero-DCE++: 1600). Heavier
    /// makes the curves vary less across the image, i.e. closer to one global tone curve.</summary>
    [Description("weight of the illumination-smoothness loss on the curve maps (the paper: 200, Zero-DCE++: 1600)"), System.ComponentModel.DataAnnotations.Range(0.0, 100000.0)]
    public double SmoothnessWeight { get; init; } = ZeroDceLosses.SmoothnessWeight;

    /// <summary>The architecture (channels, iterations).</summary>
    public ZeroDceOptions Net { get; init; } = new();
}

/// <summary>Zero-DCE's zero-reference training: the four weighted non-reference losses on the enhanced batch.</summary>
[Registered("zerodce", "Zero-DCE, zero-reference losses (spatial, exposure, colour, smoothness)", Citation = "Guo et al., CVPR 2020, §3.3")]
public sealed class ZeroDceObjective : ITrainingObjective
{
    private readonly ZeroDce net;
    private readonly ZeroDceObjectiveOptions options;

    /// <summary>Builds DCE-Net; <see cref="Initialise"/> draws its weights.</summary>
    public ZeroDceObjective(ZeroDceObjectiveOptions options)
    {
        this.options = options;
        ArchOptions = options.Net;
        net = new ZeroDce(options.Net);
        Pairs = new ExposurePairs(options.Darken);
    }

    /// <summary>The official initialisation: convolution weights ~ N(0, 0.02); biases keep PyTorch's default U(±1/√fan-in).</summary>
    public void Initialise(Generator generator)
    {
        using var noGrad = no_grad();
        var parameters = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in parameters)
        {
            using var scope = NewDisposeScope();
            if (name.EndsWith(".weight", StringComparison.Ordinal)) parameter.copy_(randn(parameter.shape, generator: generator) * 0.02);
            else
            {
                var weight = parameters[name[..^".bias".Length] + ".weight"];
                double bound = 1 / Math.Sqrt(weight.shape[1] * weight.shape[2] * weight.shape[3]);
                parameter.copy_((rand(parameter.shape, generator: generator) * 2 - 1) * bound);
            }
        }
    }

    /// <inheritdoc />
    public string Arch => "zerodce";

    /// <inheritdoc />
    public object ArchOptions { get; }

    /// <inheritdoc />
    public Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    public IPairSource Pairs { get; }

    /// <summary>The darkened crops against their clean selves; none without darkening (real low-light photos have no ground truth).</summary>
    public IPairSource? ValidationPairs => options.Darken ? Pairs : null;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Losses(Tensor input, Tensor truth)
    {
        var curves = net.CurveMaps(input);
        var terms = ZeroDceLosses.Compute(ZeroDce.ApplyCurves(input, curves, net.MapsPerIteration), input, curves, options.Exposure, options.ColourWeight, options.ExposurePatch, options.SmoothnessWeight);
        return new Dictionary<string, Tensor>
        {
            ["spa"] = terms.Spatial, ["exp"] = terms.Exposure, ["col"] = terms.Colour, ["tv"] = terms.Smoothness,
        };
    }
}
