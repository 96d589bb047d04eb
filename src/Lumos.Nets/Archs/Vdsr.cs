using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Layers;
using Lumos.Nets.Onnx;
using Lumos.Onnx;
using Lumos.Registry;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Archs;

/// <summary>Options of <see cref="Vdsr"/>.</summary>
public sealed record VdsrOptions
{
    /// <summary>Convolution layers d.</summary>
    [Description("convolution layers d"), Range(2, 64)]
    public int Depth { get; init; } = 20;

    /// <summary>Image channels (1 = Y).</summary>
    [Description("image channels (1 = Y)"), Range(1, 4)]
    public int Channels { get; init; } = 1;

    /// <summary>Filters per hidden layer.</summary>
    [Description("filters per hidden layer"), Range(1, 1024)]
    public int Features { get; init; } = 64;
}

/// <summary>
/// VDSR (Kim, Lee &amp; Lee, CVPR 2016, §3.1): d = 20 layers of 3×3 convolutions with 64 filters and ReLU on
/// the bicubic-upsampled Y plane; the net predicts the residual r = y − x, added to its input. One net
/// serves every scale (multi-scale training); zero padding keeps the size.
/// </summary>
[Registered("vdsr", "VDSR 20-layer residual net on bicubic-upsampled Y", Citation = "Kim, Lee & Lee, Accurate Image Super-Resolution Using Very Deep Convolutional Networks, CVPR 2016")]
public sealed class Vdsr : LumosNet, IOnnxExportable
{
    private readonly Sequential residual;

    /// <summary>Builds the net from its options record.</summary>
    public Vdsr(VdsrOptions options) : this(options.Depth, options.Channels, options.Features) { }

    /// <summary>Builds the net.</summary>
    /// <param name="depth">Number of convolution layers d.</param>
    /// <param name="channels">Image channels (1 for Y).</param>
    /// <param name="features">Filters per hidden layer.</param>
    public Vdsr(int depth = 20, int channels = 1, int features = 64) : base(nameof(Vdsr))
    {
        var layers = new List<Module<Tensor, Tensor>> { Conv2d(channels, features, 3, padding: 1), ReLU(inplace: true) };
        for (int i = 0; i < depth - 2; i++)
        {
            layers.Add(Conv2d(features, features, 3, padding: 1));
            layers.Add(ReLU(inplace: true));
        }
        layers.Add(new FewOutputConv2d(features, channels, 3, padding: 1));
        residual = Sequential(layers);
        RegisterComponents();
    }


    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (VdsrOptions)options;
        var x = graph.Input;
        for (int i = 0; i < o.Depth - 1; i++) x = graph.Relu(graph.Conv(x, $"residual.{2 * i}", padding: 1));
        var r = graph.Conv(x, $"residual.{2 * (o.Depth - 1)}", padding: 1);
        return (graph.Add(graph.Input, r), new NetSignature("super-resolution", o.Channels, 1, true, o.Depth));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor upsampled)
    {
        using var r = residual.forward(upsampled);
        return upsampled + r;
    }
}
