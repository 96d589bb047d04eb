using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Layers;
using Lumos.Nets.Onnx;
using Lumos.Onnx;
using Lumos.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Archs;

/// <summary>Options of <see cref="PairLie"/>.</summary>
public sealed record PairLieOptions
{
    /// <summary>Feature channels of the hidden convolutions of each of the three sub-nets (64 in the official code).</summary>
    [Description("feature channels of the hidden convolutions of L-, R- and P-Net"), Range(4, 256)]
    public int Channels { get; init; } = 64;

    /// <summary>
    /// Exponent γ of the illumination adjustment I = L^γ ∘ R at inference (Fu et al. §3.3; the official eval.py:
    /// 0.2 by default, 0.14 for LOL). 1 gives back the projected input L ∘ R; 0 gives the reflectance alone.
    /// </summary>
    [Description("illumination exponent gamma of the output L^gamma * R (0.2 official; 0.14 for LOL)"), Range(0.0, 1.0)]
    public double Exponent { get; init; } = 0.2;
}

/// <summary>
/// PairLIE (Fu et al., "Learning a Simple Low-light Image Enhancer from Paired Low-light Instances", CVPR 2023,
/// Fig. 2): P-Net projects the low-light input onto a version without inappropriate features (noise, colour
/// casts), X = P(I); L-Net and R-Net decompose X into illumination L (1 channel) and reflectance R (3 channels),
/// X ≈ L ∘ R (Retinex, Eq. 1); the enhanced image is R under an adjusted illumination, L^γ ∘ R (§3.3). Each
/// sub-net is five reflection-padded 3×3 convolutions with ReLU between them and a sigmoid at the end. Parameter
/// names follow the official net.py (<c>L_net.L_net.1.weight</c>, …; the official P-Net is <c>N_net</c>), so its
/// state dicts load as they are.
/// </summary>
[Registered("pairlie", "PairLIE: P-Net projection, L-Net/R-Net Retinex decomposition, output L^gamma * R", Citation = "Fu et al., Learning a Simple Low-light Image Enhancer from Paired Low-light Instances, CVPR 2023")]
public sealed class PairLie : LumosNet, IOnnxExportable
{
#pragma warning disable IDE1006 // the official names, which the state-dict keys carry
    private readonly PairLieSubNet L_net, R_net, N_net;
#pragma warning restore IDE1006
    private readonly double exponent;

    /// <summary>Builds the three sub-nets with freshly initialised weights.</summary>
    public PairLie(PairLieOptions options) : base(nameof(PairLie))
    {
        L_net = new PairLieSubNet("L_net", options.Channels, 1);
        R_net = new PairLieSubNet("R_net", options.Channels, 3);
        N_net = new PairLieSubNet("N_net", options.Channels, 3);
        exponent = options.Exponent;
        RegisterComponents();
    }

    /// <summary>Receptive-field radius in pixels: five 3×3 convolutions of P-Net, then five of L- or R-Net.</summary>
    public const int Radius = 10;

    /// <summary>The state-dict names of the three sub-nets, in the official code's order.</summary>
    public static IReadOnlyList<string> SubNets { get; } = ["L_net", "R_net", "N_net"];

    /// <summary>The five convolutions' indices in each official <c>nn.Sequential</c> (pad, conv, ReLU repeated).</summary>
    public static IReadOnlyList<int> ConvolutionIndices { get; } = [1, 4, 7, 10, 13];

    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (PairLieOptions)options;
        string SubNet(string x, string name)
        {
            for (int i = 0; i < ConvolutionIndices.Count; i++)
            {
                x = graph.Conv(graph.ReflectPad(x, 1), $"{name}.{name}.{ConvolutionIndices[i]}");
                if (i < ConvolutionIndices.Count - 1) x = graph.Relu(x);
            }
            return graph.Sigmoid(x);
        }
        var projected = SubNet(graph.Input, "N_net");
        var illumination = SubNet(projected, "L_net");
        var reflectance = SubNet(projected, "R_net");
        // I = L^γ ∘ R (§3.3); the 1-channel L broadcasts over R's three.
        var enhanced = graph.Mul(graph.Pow(illumination, (float)o.Exponent), reflectance);
        return (enhanced, new NetSignature("low-light", 3, 1, false, Radius));
    }

    /// <summary>Enhances an NCHW RGB batch in [0, 1]: L^γ ∘ R of the projected input.</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (illumination, reflectance, _) = Decompose(x);
        return Enhance(illumination, reflectance, exponent).MoveToOuterDisposeScope();
    }

    /// <summary>The official forward pass: X = P(I), then L = L-Net(X) (N×1×H×W) and R = R-Net(X) (N×3×H×W).</summary>
    public (Tensor Illumination, Tensor Reflectance, Tensor Projected) Decompose(Tensor x)
    {
        using var scope = NewDisposeScope();
        var projected = N_net.forward(x);
        var illumination = L_net.forward(projected);
        var reflectance = R_net.forward(projected);
        return (illumination.MoveToOuterDisposeScope(), reflectance.MoveToOuterDisposeScope(), projected.MoveToOuterDisposeScope());
    }

    /// <summary>R-Net's reflectance of the projected input alone (what the consistency loss needs of a pair's second image).</summary>
    public Tensor Reflectance(Tensor x)
    {
        using var scope = NewDisposeScope();
        return R_net.forward(N_net.forward(x)).MoveToOuterDisposeScope();
    }

    /// <summary>The enhanced image L^γ ∘ R (§3.3; eval.py's <c>torch.pow(L, 0.2) * R</c>).</summary>
    public static Tensor Enhance(Tensor illumination, Tensor reflectance, double exponent) => illumination.pow(exponent) * reflectance;
}

/// <summary>
/// One of PairLIE's three sub-nets as the official <c>nn.Sequential</c>: (reflection pad 1, 3×3 conv, ReLU) four
/// times, a last padded convolution to <c>outputs</c> channels, then a sigmoid. Registered under the official
/// attribute name so the keys read <c>{name}.{index}.weight</c>.
/// </summary>
internal sealed class PairLieSubNet : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public PairLieSubNet(string name, int channels, int outputs) : base(name)
    {
        var modules = new List<Module<Tensor, Tensor>>();
        int input = 3;
        for (int i = 0; i < 5; i++)
        {
            bool last = i == 4;
            modules.Add(ReflectionPad2d(1));
            modules.Add(last ? new FewOutputConv2d(input, outputs, 3) : (Module<Tensor, Tensor>)Conv2d(input, channels, 3));
            if (!last) modules.Add(ReLU());
            input = channels;
        }
        layers = Sequential(modules);
        register_module(name, layers);
    }

    /// <summary>Registered by hand in the constructor, under the official name rather than the field's.</summary>
    protected override void RegisterComponents() { }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return functional.sigmoid(layers.forward(x)).MoveToOuterDisposeScope();
    }
}
