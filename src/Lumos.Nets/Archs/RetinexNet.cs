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

/// <summary>What <see cref="RetinexNet"/>'s forward pass returns.</summary>
public enum RetinexNetOutput
{
    /// <summary>The enhanced image R ∘ Î (Wei et al., Fig. 1).</summary>
    Enhanced,

    /// <summary>The low-light image's reflectance R alone (what the paper denoises with BM3D before the product).</summary>
    Reflectance,

    /// <summary>The adjusted illumination Î, repeated over three channels.</summary>
    Illumination,
}

/// <summary>Options of <see cref="RetinexNet"/>; the defaults build the official net (445,381 parameters).</summary>
public sealed record RetinexNetOptions
{
    /// <summary>Feature channels of both sub-nets (64 in the official code).</summary>
    [Description("feature channels of Decom-Net and Enhance-Net"), Range(4, 256)]
    public int Channels { get; init; } = 64;

    /// <summary>ReLU-activated 3×3 convolutions of Decom-Net between its 9×9 input and 3×3 output layers (official layer_num: 5).</summary>
    [Description("activated 3x3 layers of Decom-Net"), Range(1, 16)]
    public int DecomLayers { get; init; } = 5;

    /// <summary>What the forward pass returns: the enhanced image, or R or Î alone (for denoising R before the product).</summary>
    [Description("output: enhanced (R * I'), reflectance (R) or illumination (I')")]
    public RetinexNetOutput Output { get; init; } = RetinexNetOutput.Enhanced;
}

/// <summary>
/// Retinex-Net (Wei, Wang, Yang, Liu, "Deep Retinex Decomposition for Low-Light Enhancement", BMVC 2018, Fig. 1) as the
/// official TensorFlow code builds it: Decom-Net, shared by the low and the normal image, splits an image S into a
/// reflectance R (3 channels) and an illumination I (1 channel), S = R ∘ I (Eq. 1); Enhance-Net, an encoder-decoder
/// with three stride-2 convolutions, nearest-neighbour resize-up convolutions with skip additions and a multi-scale
/// concatenation, maps [R, I] to an adjusted illumination Î; the output is R ∘ Î. Convolutions are zero-padded to keep
/// the size; every up-sampling is an exact ×2 (or ×4) nearest-neighbour repeat cropped to the finer map's size.
/// </summary>
[Registered("retinexnet", "Retinex-Net: Decom-Net R/I decomposition, Enhance-Net multi-scale illumination adjustment, output R * I'", Citation = "Wei, Wang, Yang, Liu, Deep Retinex Decomposition for Low-Light Enhancement, BMVC 2018")]
public sealed class RetinexNet : LumosNet, IOnnxExportable
{
    private readonly Conv2d shallow, conv0, fusion;
    private readonly FewOutputConv2d recon, output;
    private readonly ModuleList<Conv2d> activated, down, up;
    private readonly RetinexNetOutput mode;

    /// <summary>Builds both sub-nets with freshly initialised weights.</summary>
    public RetinexNet(RetinexNetOptions options) : base(nameof(RetinexNet))
    {
        int c = options.Channels;
        // Decom-Net: [max_c S, S] → 9×9 (kernel_size·3 in the official code, no activation) → layer_num × (3×3, ReLU) → 3×3 to R, I.
        shallow = Conv2d(4, c, 9, padding: 4);
        activated = new ModuleList<Conv2d>(Enumerable.Range(0, options.DecomLayers).Select(_ => Conv2d(c, c, 3, padding: 1)).ToArray());
        recon = new FewOutputConv2d(c, 4, 3, padding: 1);
        // Enhance-Net: conv0, three stride-2 convolutions down, three resize-up convolutions, 1×1 fusion of three scales, 3×3 output.
        conv0 = Conv2d(4, c, 3, padding: 1);
        down = new ModuleList<Conv2d>(Enumerable.Range(0, 3).Select(_ => Conv2d(c, c, 3, stride: 2, padding: 1)).ToArray());
        up = new ModuleList<Conv2d>(Enumerable.Range(0, 3).Select(_ => Conv2d(c, c, 3, padding: 1)).ToArray());
        fusion = Conv2d(3 * c, c, 1);
        output = new FewOutputConv2d(c, 1, 3, padding: 1);
        mode = options.Output;
        RegisterComponents();
    }

    /// <summary>
    /// Receptive-field radius in pixels (rounded up): 10 of Decom-Net, then Enhance-Net's 3×3 layers on grids 1, 2, 4, 8
    /// apart and the nearest-neighbour up-sampling's offsets (up to 7 pixels).
    /// </summary>
    public const int Radius = 48;

    /// <summary>Enhance-Net's total stride (three stride-2 convolutions): tiles that start at its multiples sample the same coarse grid as the whole image.</summary>
    public const int Stride = 8;

    /// <summary>Whether a state-dict key belongs to Decom-Net (the rest is Enhance-Net's).</summary>
    public static bool IsDecomParameter(string name) => name.Split('.')[0] is "shallow" or "activated" or "recon";

    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (RetinexNetOptions)options;
        var rgb = graph.SplitChannels(graph.Input, 3, 1);
        var x = graph.Conv(graph.Concat([graph.Max(rgb), graph.Input]), "shallow", padding: 4);
        for (int i = 0; i < o.DecomLayers; i++) x = graph.Relu(graph.Conv(x, $"activated.{i}", padding: 1));
        var parts = graph.SplitChannels(graph.Sigmoid(graph.Conv(x, "recon", padding: 1)), [3, 1]);
        var (reflectance, illumination) = (parts[0], parts[1]);
        var scales = new List<string> { graph.Conv(graph.Concat([reflectance, illumination]), "conv0", padding: 1) };
        for (int i = 0; i < 3; i++) scales.Add(graph.Relu(graph.Conv(scales[^1], $"down.{i}", stride: 2, padding: 1)));
        var decoded = new List<string>();
        var y = scales[3];
        for (int i = 0; i < 3; i++)
        {
            var skip = scales[2 - i];
            y = graph.Add(graph.Relu(graph.Conv(graph.UpsampleNearestLike(y, 2, skip), $"up.{i}", padding: 1)), skip);
            decoded.Add(y);
        }
        var gathered = graph.Concat([graph.UpsampleNearestLike(decoded[0], 4, decoded[2]), graph.UpsampleNearestLike(decoded[1], 2, decoded[2]), decoded[2]]);
        var adjusted = graph.Conv(graph.Conv(gathered, "fusion"), "output", padding: 1);
        var result = o.Output switch
        {
            RetinexNetOutput.Reflectance => reflectance,
            RetinexNetOutput.Illumination => graph.Concat([adjusted, adjusted, adjusted]),
            _ => graph.Mul(reflectance, adjusted),
        };
        return (result, new NetSignature("low-light", 3, 1, false, Radius, Align: Stride));
    }

    /// <summary>Enhances an NCHW RGB batch in [0, 1]: R ∘ Î (or R, or Î, as the options chose).</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (reflectance, illumination) = Decompose(x);
        var result = mode switch
        {
            RetinexNetOutput.Reflectance => reflectance,
            RetinexNetOutput.Illumination => Adjust(reflectance, illumination).expand(-1, 3, -1, -1).contiguous(),
            _ => reflectance * Adjust(reflectance, illumination),
        };
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Decom-Net (§3.1): reflectance R (N×3×H×W) and illumination I (N×1×H×W), both sigmoid-bounded to (0, 1).</summary>
    public (Tensor Reflectance, Tensor Illumination) Decompose(Tensor s)
    {
        using var scope = NewDisposeScope();
        var x = shallow.forward(cat([s.amax([1], keepdim: true), s], 1));
        foreach (var layer in activated) x = functional.relu(layer.forward(x));
        var ri = functional.sigmoid(recon.forward(x));
        return (ri[.., ..3].MoveToOuterDisposeScope(), ri[.., 3..].MoveToOuterDisposeScope());
    }

    /// <summary>Enhance-Net (§3.2): the adjusted illumination Î (N×1×H×W, unbounded as in the official code) from R and I.</summary>
    public Tensor Adjust(Tensor reflectance, Tensor illumination)
    {
        using var scope = NewDisposeScope();
        var scales = new List<Tensor> { conv0.forward(cat([reflectance, illumination], 1)) };
        foreach (var layer in down) scales.Add(functional.relu(layer.forward(scales[^1])));
        var decoded = new List<Tensor>();
        var y = scales[3];
        for (int i = 0; i < 3; i++)
        {
            var skip = scales[2 - i];
            y = functional.relu(up[i].forward(UpsampleLike(y, 2, skip))) + skip;
            decoded.Add(y);
        }
        var gathered = cat([UpsampleLike(decoded[0], 4, decoded[2]), UpsampleLike(decoded[1], 2, decoded[2]), decoded[2]], 1);
        return output.forward(fusion.forward(gathered)).MoveToOuterDisposeScope();
    }

    /// <summary>Nearest-neighbour ×<paramref name="factor"/> up-sampling cropped to <paramref name="like"/>'s height and width.</summary>
    private static Tensor UpsampleLike(Tensor x, int factor, Tensor like) =>
        x.repeat_interleave(factor, 2).repeat_interleave(factor, 3)[.., .., ..(int)like.shape[2], ..(int)like.shape[3]];
}
