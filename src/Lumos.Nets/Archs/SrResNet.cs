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

/// <summary>Options of <see cref="SrResNet"/>.</summary>
public sealed record SrResNetOptions : IScaledOptions
{
    /// <summary>Upscaling factor: 2, 4 or 8.</summary>
    [Description("upscaling factor: 2, 4 or 8"), Range(2, 8)]
    public int Scale { get; init; } = 4;

    /// <summary>Residual blocks B.</summary>
    [Description("residual blocks B"), Range(1, 64)]
    public int Blocks { get; init; } = 16;

    /// <summary>Feature channels.</summary>
    [Description("feature channels"), Range(1, 1024)]
    public int Features { get; init; } = 64;

    /// <summary>Image channels.</summary>
    [Description("image channels"), Range(1, 4)]
    public int Channels { get; init; } = 3;
}

/// <summary>
/// SRResNet, the SRGAN generator (Ledig et al., CVPR 2017, fig. 4): 9×9 conv + PReLU, B residual blocks
/// (conv–BN–PReLU–conv–BN plus skip), conv–BN plus the long skip, log2(scale) sub-pixel ×2 stages
/// (conv to 256, pixel shuffle, PReLU) and a 9×9 conv to the RGB image.
/// </summary>
[Registered("srresnet", "SRResNet / SRGAN generator (16 residual blocks, pixel shuffle)", Citation = "Ledig et al., Photo-Realistic Single Image Super-Resolution Using a Generative Adversarial Network, CVPR 2017")]
public sealed class SrResNet : LumosNet, IOnnxExportable
{
    private readonly Sequential head;
    private readonly Sequential residualBlocks;
    private readonly Sequential trunkEnd;
    private readonly Sequential upsampling;
    private readonly FewOutputConv2d tail;

    /// <summary>Builds the net from its options record.</summary>
    public SrResNet(SrResNetOptions options) : this(options.Scale, options.Blocks, options.Features, options.Channels) { }

    /// <summary>Builds the generator.</summary>
    /// <param name="scale">Upscaling factor: 2 or 4 (powers of two, one sub-pixel stage each).</param>
    /// <param name="blocks">Residual blocks B.</param>
    /// <param name="features">Feature channels.</param>
    /// <param name="channels">Image channels.</param>
    public SrResNet(int scale = 4, int blocks = 16, int features = 64, int channels = 3) : base(nameof(SrResNet))
    {
        if (scale is not (2 or 4 or 8)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "SRResNet upscales by 2, 4 or 8");
        head = Sequential(Conv2d(channels, features, 9, padding: 4), PReLU(features));
        residualBlocks = Sequential(Enumerable.Range(0, blocks).Select(_ => (Module<Tensor, Tensor>)new ResidualBlock(features)));
        trunkEnd = Sequential(Conv2d(features, features, 3, padding: 1), BatchNorm2d(features));
        var stages = new List<Module<Tensor, Tensor>>();
        for (int s = scale; s > 1; s /= 2)
        {
            stages.Add(Conv2d(features, features * 4, 3, padding: 1));
            stages.Add(PixelShuffle(2));
            stages.Add(PReLU(features));
        }
        upsampling = Sequential(stages);
        tail = new FewOutputConv2d(features, channels, 9, padding: 4);
        RegisterComponents();
    }


    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (SrResNetOptions)options;
        var shallow = graph.PRelu(graph.Conv(graph.Input, "head.0", padding: 4), "head.1");
        var x = shallow;
        for (int b = 0; b < o.Blocks; b++)
        {
            var body = $"residualBlocks.{b}.body";
            var r = graph.PRelu(graph.BatchNorm(graph.Conv(x, $"{body}.0", padding: 1), $"{body}.1"), $"{body}.2");
            r = graph.BatchNorm(graph.Conv(r, $"{body}.3", padding: 1), $"{body}.4");
            x = graph.Add(x, r);
        }
        x = graph.Add(graph.BatchNorm(graph.Conv(x, "trunkEnd.0", padding: 1), "trunkEnd.1"), shallow);
        int stages = 0;
        for (int s = o.Scale; s > 1; s /= 2, stages++)
            x = graph.PRelu(graph.DepthToSpace(graph.Conv(x, $"upsampling.{3 * stages}", padding: 1), 2), $"upsampling.{3 * stages + 2}");
        var hr = graph.Conv(x, "tail", padding: 4);
        // Radius in LR pixels: 9×9 head, two 3×3 per block, the trunk's 3×3, one 3×3 per stage and the 9×9 tail in HR pixels.
        return (hr, new NetSignature("super-resolution", o.Channels, o.Scale, false, 4 + 2 * o.Blocks + 1 + stages + (4 + o.Scale - 1) / o.Scale));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor lr)
    {
        using var shallow = head.forward(lr);
        using var deep = residualBlocks.forward(shallow);
        using var trunk = trunkEnd.forward(deep);
        using var joined = trunk + shallow;
        using var upsampled = upsampling.forward(joined);
        return tail.forward(upsampled);
    }

    /// <summary>conv–BN–PReLU–conv–BN with an identity skip (fig. 4, "B residual blocks").</summary>
    private sealed class ResidualBlock : Module<Tensor, Tensor>
    {
        private readonly Sequential body;

        public ResidualBlock(int features) : base(nameof(ResidualBlock))
        {
            body = Sequential(
                Conv2d(features, features, 3, padding: 1), BatchNorm2d(features), PReLU(features),
                Conv2d(features, features, 3, padding: 1), BatchNorm2d(features));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var r = body.forward(x);
            return x + r;
        }
    }
}
