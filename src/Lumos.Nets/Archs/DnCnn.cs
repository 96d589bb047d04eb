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

/// <summary>Options of <see cref="DnCnn"/>; the defaults make a small net (the paper's DnCNN is 17–20 layers of 64).</summary>
public sealed record DnCnnOptions
{
    /// <summary>3×3 convolution layers D, the first and last included (the paper: 17 for one noise level, 20 blind).</summary>
    [Description("3x3 convolution layers, first and last included (the paper: 17, or 20 blind)"), Range(3, 30)]
    public int Depth { get; init; } = 10;

    /// <summary>Feature channels of the hidden layers (the paper: 64).</summary>
    [Description("feature channels of the hidden layers (the paper: 64)"), Range(4, 256)]
    public int Features { get; init; } = 32;

    /// <summary>Image channels (3 = RGB, 1 = grey).</summary>
    [Description("image channels (3 = RGB, 1 = grey)"), Range(1, 4)]
    public int Channels { get; init; } = 3;
}

/// <summary>
/// A DnCNN-style residual denoiser (Zhang et al., IEEE TIP 2017, §III-A): Conv+ReLU, D − 2 × (Conv+ReLU), Conv, all
/// 3×3 with zero padding; the net predicts the noise v = R(y) and the output is y − R(y) (residual learning, eq. 1).
/// Batch normalisation is left out: the paper uses it to speed up training at batch 128, while Lumos trains small
/// batches on a CPU, where batch statistics are noisy; a bias per channel takes its place and the net exports to ONNX
/// as plain convolutions.
/// </summary>
[Registered("dncnn", "DnCNN-style residual denoiser (Conv+ReLU stack predicting the noise)", Citation = "Zhang et al., Beyond a Gaussian Denoiser: Residual Learning of Deep CNN for Image Denoising, IEEE TIP 2017")]
public sealed class DnCnn : LumosNet, IOnnxExportable
{
    private readonly ModuleList<Module<Tensor, Tensor>> layers;

    /// <summary>Builds the net with freshly initialised weights.</summary>
    public DnCnn(DnCnnOptions options) : base(nameof(DnCnn))
    {
        layers = new ModuleList<Module<Tensor, Tensor>>();
        for (int i = 0; i < options.Depth - 1; i++) layers.Add(Conv2d(i == 0 ? options.Channels : options.Features, options.Features, 3, padding: 1));
        layers.Add(new FewOutputConv2d(options.Depth == 1 ? options.Channels : options.Features, options.Channels, 3, padding: 1));
        RegisterComponents();
    }

    /// <summary>Receptive-field radius in pixels: one per 3×3 layer.</summary>
    public static int Radius(DnCnnOptions options) => options.Depth;

    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (DnCnnOptions)options;
        var x = graph.Input;
        for (int i = 0; i < o.Depth - 1; i++) x = graph.Relu(graph.Conv(x, $"layers.{i}", padding: 1));
        var noise = graph.Conv(x, $"layers.{o.Depth - 1}", padding: 1);
        return (graph.Sub(graph.Input, noise), new NetSignature("low-light", o.Channels, 1, false, Radius(o)));
    }

    /// <summary>Denoises an NCHW batch in [0, 1]: y − R(y).</summary>
    public override Tensor forward(Tensor noisy)
    {
        using var scope = NewDisposeScope();
        var x = noisy;
        for (int i = 0; i < layers.Count - 1; i++) x = functional.relu(layers[i].forward(x));
        return (noisy - layers[^1].forward(x)).MoveToOuterDisposeScope();
    }
}
