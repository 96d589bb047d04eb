using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Registry;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Archs;

/// <summary>Options of <see cref="SrganDiscriminator"/>.</summary>
public sealed record SrganDiscriminatorOptions
{
    /// <summary>Image channels.</summary>
    [Description("image channels"), Range(1, 4)]
    public int Channels { get; init; } = 3;

    /// <summary>Channels of the first convolution.</summary>
    [Description("channels of the first convolution"), Range(1, 1024)]
    public int Width { get; init; } = 64;
}

/// <summary>
/// The SRGAN discriminator (Ledig et al., CVPR 2017, fig. 4): eight 3×3 convolutions with LeakyReLU (α = 0.2)
/// and BN after the first, channels 64 → 512 doubling every second layer, stride 2 on the even ones, then
/// dense 1024 + LeakyReLU and dense 1 giving a logit. The dense layers act on globally averaged features
/// (1×1 convolutions), so any input size works instead of only the paper's 96×96 crops.
/// </summary>
[Registered("srgan-discriminator", "SRGAN discriminator (8 conv, 2 dense)", Citation = "Ledig et al., CVPR 2017, fig. 4")]
public sealed class SrganDiscriminator : LumosNet
{
    private readonly Sequential features;
    private readonly Sequential classifier;

    /// <summary>Builds the net from its options record.</summary>
    public SrganDiscriminator(SrganDiscriminatorOptions options) : this(options.Channels, options.Width) { }

    /// <summary>Builds the discriminator.</summary>
    /// <param name="channels">Image channels.</param>
    /// <param name="width">Channels of the first layer (64 in the paper).</param>
    public SrganDiscriminator(int channels = 3, int width = 64) : base(nameof(SrganDiscriminator))
    {
        var layers = new List<Module<Tensor, Tensor>> { Conv2d(channels, width, 3, padding: 1), LeakyReLU(0.2, inplace: true) };
        int input = width;
        for (int i = 1; i < 8; i++)
        {
            int output = width << (i / 2);
            layers.Add(Conv2d(input, output, 3, stride: i % 2 == 1 ? 2 : 1, padding: 1));
            layers.Add(BatchNorm2d(output));
            layers.Add(LeakyReLU(0.2, inplace: true));
            input = output;
        }
        features = Sequential(layers);
        classifier = Sequential(
            AdaptiveAvgPool2d(1), Conv2d(input, 1024, 1), LeakyReLU(0.2, inplace: true), Conv2d(1024, 1, 1), Flatten());
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor image)
    {
        using var f = features.forward(image);
        return classifier.forward(f);
    }
}
