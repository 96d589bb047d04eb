using Lumos.Nets.Archs;
using Lumos.Nets.Losses;
using Lumos.Registry;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>Zero-DCE's zero-reference training: the four weighted non-reference losses on the enhanced batch.</summary>
[Registered("zerodce", "Zero-DCE, zero-reference losses (spatial, exposure, colour, smoothness)", Citation = "Guo et al., CVPR 2020, §3.3")]
public sealed class ZeroDceObjective : ITrainingObjective
{
    private readonly ZeroDce net;

    /// <summary>Builds DCE-Net with the official initialisation (convolution weights ~ N(0, 0.02)).</summary>
    public ZeroDceObjective(ZeroDceOptions options)
    {
        ArchOptions = options;
        net = new ZeroDce(options);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in net.named_parameters())
            if (name.EndsWith(".weight", StringComparison.Ordinal)) init.normal_(parameter, 0, 0.02);
    }

    /// <inheritdoc />
    public string Arch => "zerodce";

    /// <inheritdoc />
    public object ArchOptions { get; }

    /// <inheritdoc />
    public Module<Tensor, Tensor> Net => net;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Losses(Tensor batch)
    {
        var curves = net.CurveMaps(batch);
        var terms = ZeroDceLosses.Compute(ZeroDce.ApplyCurves(batch, curves), batch, curves);
        return new Dictionary<string, Tensor>
        {
            ["spa"] = terms.Spatial, ["exp"] = terms.Exposure, ["col"] = terms.Colour, ["tv"] = terms.Smoothness,
        };
    }
}
