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

/// <summary>Options of <see cref="Espcn"/>.</summary>
public sealed record EspcnOptions : IScaledOptions
{
    /// <summary>Upscaling factor r.</summary>
    [Description("upscaling factor r"), Range(1, 8)]
    public int Scale { get; init; } = 3;

    /// <summary>Image channels (1 = Y).</summary>
    [Description("image channels (1 = Y)"), Range(1, 4)]
    public int Channels { get; init; } = 1;
}

/// <summary>
/// ESPCN (Shi et al., CVPR 2016, eq. 1–4): two tanh convolutions in LR space (5×5, 64; 3×3, 32), a 3×3
/// convolution to r²·C channels and the periodic shuffle (sub-pixel convolution) to the HR image.
/// </summary>
[Registered("espcn", "ESPCN sub-pixel convolution net, on LR Y", Citation = "Shi et al., Real-Time Single Image and Video Super-Resolution Using an Efficient Sub-Pixel Convolutional Neural Network, CVPR 2016")]
public sealed class Espcn : LumosNet, IOnnxExportable
{
    private readonly Conv2d layer1;
    private readonly Conv2d layer2;
    private readonly Conv2d subPixel;
    private readonly PixelShuffle shuffle;

    /// <summary>Builds the net from its options record.</summary>
    public Espcn(EspcnOptions options) : this(options.Scale, options.Channels) { }

    /// <summary>Builds the net.</summary>
    /// <param name="scale">Upscaling factor r.</param>
    /// <param name="channels">Image channels C (1 for Y).</param>
    public Espcn(int scale, int channels = 1) : base(nameof(Espcn))
    {
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be at least 1");
        layer1 = Conv2d(channels, 64, 5, padding: 2);
        layer2 = Conv2d(64, 32, 3, padding: 1);
        subPixel = Conv2d(32, channels * scale * scale, 3, padding: 1);
        shuffle = PixelShuffle(scale);
        RegisterComponents();
    }


    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (EspcnOptions)options;
        var f1 = graph.Tanh(graph.Conv(graph.Input, "layer1", padding: 2));
        var f2 = graph.Tanh(graph.Conv(f1, "layer2", padding: 1));
        var hr = graph.DepthToSpace(graph.Conv(f2, "subPixel", padding: 1), o.Scale);
        return (hr, new NetSignature("super-resolution", o.Channels, o.Scale, false, 4));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor lr)
    {
        using var f1 = layer1.forward(lr).tanh_();
        using var f2 = layer2.forward(f1).tanh_();
        using var channels = subPixel.forward(f2);
        return shuffle.forward(channels);
    }
}
