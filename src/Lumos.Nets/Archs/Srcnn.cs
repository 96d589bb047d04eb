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

    /// <summary>Kernel side f2 of the non-linear mapping: 1 (9-1-5, the default) or 3, 5 (9-3-5, 9-5-5: the paper's best, §4.3.2).</summary>
    [Description(MappingKernelHelp), Range(1, 9)]
    public int MappingKernel { get; init; } = 1;

    /// <summary>The help text of <see cref="MappingKernel"/>, shared with the training option of the same name.</summary>
    internal const string MappingKernelHelp = "kernel side of the non-linear mapping: 1 (9-1-5), 3 or 5 (9-5-5, the paper's best)";
}

/// <summary>
/// SRCNN 9-f2-5 (Dong et al., TPAMI 2016, eq. 1–3): patch extraction (9×9, n1 = 64), non-linear mapping
/// (f2×f2, n2 = 32; f2 = 1 by default, 5 for the paper's best 9-5-5, §4.3.2) and reconstruction (5×5) on the
/// bicubic-upsampled Y plane, so input and output have the same size. Zero padding keeps the size (the paper
/// trains on valid convolutions and loses (9 + f2 + 5 − 3) / 2 pixels a side).
/// </summary>
[Registered("srcnn", "SRCNN 9-1-5 (or 9-5-5: mapping-kernel=5) on bicubic-upsampled Y", Citation = "Dong et al., Image Super-Resolution Using Deep Convolutional Networks, TPAMI 2016")]
public sealed class Srcnn : LumosNet, IOnnxExportable
{
    private readonly Conv2d patchExtraction;
    private readonly Conv2d nonLinearMapping;
    private readonly FewOutputConv2d reconstruction;

    /// <summary>Builds the net from its options record.</summary>
    public Srcnn(SrcnnOptions options) : this(options.Channels, options.N1, options.N2, options.MappingKernel) { }

    /// <summary>Builds the net.</summary>
    /// <param name="channels">Image channels (1 for Y).</param>
    /// <param name="n1">Filters of the first layer.</param>
    /// <param name="n2">Filters of the second layer.</param>
    /// <param name="mappingKernel">Odd kernel side of the second layer.</param>
    /// <exception cref="LumosException">An even mapping kernel (it could not keep the size).</exception>
    public Srcnn(int channels = 1, int n1 = 64, int n2 = 32, int mappingKernel = 1) : base(nameof(Srcnn))
    {
        if (mappingKernel % 2 == 0) throw new LumosException($"srcnn: mapping-kernel must be odd (1, 3, 5, ...), not {mappingKernel}");
        patchExtraction = Conv2d(channels, n1, 9, padding: 4);
        nonLinearMapping = Conv2d(n1, n2, mappingKernel, padding: mappingKernel / 2);
        reconstruction = new FewOutputConv2d(n2, channels, 5, padding: 2);
        RegisterComponents();
    }


    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (SrcnnOptions)options;
        var f1 = graph.Relu(graph.Conv(graph.Input, "patchExtraction", padding: 4));
        var f2 = graph.Relu(graph.Conv(f1, "nonLinearMapping", padding: o.MappingKernel / 2));
        return (graph.Conv(f2, "reconstruction", padding: 2), new NetSignature("super-resolution", o.Channels, 1, true, 4 + o.MappingKernel / 2 + 2));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor upsampled)
    {
        using var f1 = functional.relu(patchExtraction.forward(upsampled));
        using var f2 = functional.relu(nonLinearMapping.forward(f1));
        return reconstruction.forward(f2);
    }
}
