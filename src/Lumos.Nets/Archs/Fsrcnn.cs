using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Onnx;
using Lumos.Onnx;
using Lumos.Registry;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Archs;

/// <summary>Options of <see cref="Fsrcnn"/>.</summary>
public sealed record FsrcnnOptions : IScaledOptions
{
    /// <summary>Upscaling factor (deconvolution stride).</summary>
    [Description("upscaling factor (deconvolution stride)"), Range(1, 8)]
    public int Scale { get; init; } = 3;

    /// <summary>LR feature dimension d.</summary>
    [Description("LR feature dimension d"), Range(1, 1024)]
    public int D { get; init; } = 56;

    /// <summary>Shrunk feature dimension s.</summary>
    [Description("shrunk feature dimension s"), Range(1, 1024)]
    public int S { get; init; } = 12;

    /// <summary>Mapping layers m.</summary>
    [Description("mapping layers m"), Range(0, 64)]
    public int M { get; init; } = 4;

    /// <summary>Image channels (1 = Y).</summary>
    [Description("image channels (1 = Y)"), Range(1, 4)]
    public int Channels { get; init; } = 1;
}

/// <summary>
/// FSRCNN(d, s, m) (Dong, Loy &amp; Tang, ECCV 2016, §3.2): feature extraction 5×5 (d), shrinking 1×1 (s),
/// m mapping layers 3×3 (s), expanding 1×1 (d), each followed by a channel-wise PReLU, and a 9×9
/// deconvolution with stride = scale that outputs the HR Y plane straight from the LR one.
/// </summary>
/// <remarks>
/// Submodules are registered as <c>first_part</c>, <c>mid_part</c>, <c>last_part</c> (Sequential children
/// numbered from 0), the state-dict names of the widely used PyTorch reimplementation, so its weights load.
/// </remarks>
[Registered("fsrcnn", "FSRCNN(d, s, m) with a deconvolution tail, on LR Y", Citation = "Dong, Loy & Tang, Accelerating the Super-Resolution Convolutional Neural Network, ECCV 2016")]
public sealed class Fsrcnn : LumosNet, IOnnxExportable
{
    private readonly Sequential featureExtraction;
    private readonly Sequential mapping;
    private readonly ConvTranspose2d deconvolution;

    /// <summary>Builds the net from its options record.</summary>
    public Fsrcnn(FsrcnnOptions options) : this(options.Scale, options.D, options.S, options.M, options.Channels) { }

    /// <summary>Builds the net.</summary>
    /// <param name="scale">Upscaling factor (the deconvolution stride).</param>
    /// <param name="d">LR feature dimension.</param>
    /// <param name="s">Shrunk feature dimension.</param>
    /// <param name="m">Number of mapping layers.</param>
    /// <param name="channels">Image channels (1 for Y).</param>
    public Fsrcnn(int scale, int d = 56, int s = 12, int m = 4, int channels = 1) : base(nameof(Fsrcnn))
    {
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be at least 1");
        featureExtraction = Sequential(Conv2d(channels, d, 5, padding: 2), PReLU(d));
        var layers = new List<Module<Tensor, Tensor>> { Conv2d(d, s, 1), PReLU(s) };
        for (int i = 0; i < m; i++)
        {
            layers.Add(Conv2d(s, s, 3, padding: 1));
            layers.Add(PReLU(s));
        }
        layers.Add(Conv2d(s, d, 1));
        layers.Add(PReLU(d));
        mapping = Sequential(layers);
        // Output side (H − 1)·scale − 2·4 + 9 + (scale − 1) = H·scale.
        deconvolution = ConvTranspose2d(d, channels, 9, stride: scale, padding: 4, output_padding: scale - 1);
        register_module("first_part", featureExtraction);
        register_module("mid_part", mapping);
        register_module("last_part", deconvolution);
    }


    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (FsrcnnOptions)options;
        var x = graph.PRelu(graph.Conv(graph.Input, "first_part.0", padding: 2), "first_part.1");
        x = graph.PRelu(graph.Conv(x, "mid_part.0"), "mid_part.1");
        for (int i = 0; i < o.M; i++) x = graph.PRelu(graph.Conv(x, $"mid_part.{2 + 2 * i}", padding: 1), $"mid_part.{3 + 2 * i}");
        x = graph.PRelu(graph.Conv(x, $"mid_part.{2 + 2 * o.M}"), $"mid_part.{3 + 2 * o.M}");
        var hr = graph.ConvTranspose(x, "last_part", stride: o.Scale, padding: 4, outputPadding: o.Scale - 1);
        // Radius in LR pixels: 5×5, m 3×3, and the 9×9 deconvolution's reach of ⌈4/scale⌉ plus one.
        return (hr, new NetSignature("super-resolution", o.Channels, o.Scale, false, 2 + o.M + (4 + o.Scale - 1) / o.Scale + 1));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor lr)
    {
        using var features = featureExtraction.forward(lr);
        using var mapped = mapping.forward(features);
        return deconvolution.forward(mapped);
    }
}
