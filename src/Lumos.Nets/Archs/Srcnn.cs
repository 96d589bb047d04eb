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

/// <summary>Options of <see cref="Srcnn"/>.</summary>
public sealed record SrcnnOptions
{
    /// <summary>Image channels (1 = Y).</summary>
    [Description("image channels (1 = Y)"), Range(1, 4)]
    public int Channels { get; init; } = 1;

    /// <summary>Filters of the first layer.</summary>
    [Description("filters of the first layer"), Range(1, 1024)]
    public int N1 { get; init; } = 64;

    /// <summary>Filters of the second layer.</summary>
    [Description("filters of the second layer"), Range(1, 1024)]
    public int N2 { get; init; } = 32;
}

/// <summary>
/// SRCNN 9-1-5 (Dong et al., TPAMI 2016, eq. 1–3): patch extraction (9×9, n1 = 64), non-linear mapping
/// (1×1, n2 = 32) and reconstruction (5×5) on the bicubic-upsampled Y plane, so input and output have the
/// same size. Zero padding keeps the size (the paper trains on valid convolutions and loses 6 pixels a side).
/// </summary>
[Registered("srcnn", "SRCNN 9-1-5 on bicubic-upsampled Y", Citation = "Dong et al., Image Super-Resolution Using Deep Convolutional Networks, TPAMI 2016")]
public sealed class Srcnn : LumosNet, IOnnxExportable
{
    private readonly Conv2d patchExtraction;
    private readonly Conv2d nonLinearMapping;
    private readonly FewOutputConv2d reconstruction;

    /// <summary>Builds the net from its options record.</summary>
    public Srcnn(SrcnnOptions options) : this(options.Channels, options.N1, options.N2) { }

    /// <summary>Builds the net.</summary>
    /// <param name="channels">Image channels (1 for Y).</param>
    /// <param name="n1">Filters of the first layer.</param>
    /// <param name="n2">Filters of the second layer.</param>
    public Srcnn(int channels = 1, int n1 = 64, int n2 = 32) : base(nameof(Srcnn))
    {
        patchExtraction = Conv2d(channels, n1, 9, padding: 4);
        nonLinearMapping = Conv2d(n1, n2, 1);
        reconstruction = new FewOutputConv2d(n2, channels, 5, padding: 2);
        RegisterComponents();
    }


    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (SrcnnOptions)options;
        var f1 = graph.Relu(graph.Conv(graph.Input, "patchExtraction", padding: 4));
        var f2 = graph.Relu(graph.Conv(f1, "nonLinearMapping"));
        return (graph.Conv(f2, "reconstruction", padding: 2), new NetSignature("super-resolution", o.Channels, 1, true, 6));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor upsampled)
    {
        using var f1 = functional.relu(patchExtraction.forward(upsampled));
        using var f2 = functional.relu(nonLinearMapping.forward(f1));
        return reconstruction.forward(f2);
    }
}
