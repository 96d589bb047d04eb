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

/// <summary>Options of <see cref="Mbllen"/>; the defaults build the published net (450,171 parameters).</summary>
public sealed record MbllenOptions
{
    /// <summary>Number of feature-extraction layers, each feeding one enhancement module (branch).</summary>
    [Description("feature-extraction layers, one enhancement branch each"), Range(1, 64)]
    public int Branches { get; init; } = 10;

    /// <summary>Channels of every feature-extraction convolution.</summary>
    [Description("channels of the feature-extraction convolutions"), Range(1, 512)]
    public int FeatureChannels { get; init; } = 32;

    /// <summary>Base channels of an enhancement module (its encoder widens to 2× and 4×).</summary>
    [Description("base channels of an enhancement module"), Range(1, 256)]
    public int EnhancementChannels { get; init; } = 8;

    /// <summary>Kernel size of the valid convolutions and transposed convolutions of an enhancement module.</summary>
    [Description("kernel of the enhancement modules' valid (transposed) convolutions"), Range(1, 15)]
    public int EnhancementKernel { get; init; } = 5;
}

/// <summary>
/// MBLLEN (Lv, Lu, Wu, Lim, BMVC 2018, Fig. 2) exactly as the official Keras code builds it: a chain of
/// feature-extraction convolutions (FEM), one enhancement module (EM) per FEM output, and a 1×1 fusion of
/// all EM outputs. Input and output are RGB in [0, 1] (output ReLU-bounded below only), any size.
/// </summary>
[Registered("mbllen", "MBLLEN multi-branch enhancement net (10 branches, 450k parameters)", Citation = "Lv, Lu, Wu, Lim, MBLLEN: Low-light Image/Video Enhancement Using CNNs, BMVC 2018")]
public sealed class Mbllen : LumosNet, IOnnxExportable
{
    private readonly ModuleList<Sequential> fem;
    private readonly ModuleList<Sequential> enhancementModules;
    private readonly Sequential fusion;

    /// <summary>Builds the net with freshly initialised weights.</summary>
    public Mbllen(MbllenOptions options) : base(nameof(Mbllen))
    {
        int f = options.FeatureChannels, c = options.EnhancementChannels, k = options.EnhancementKernel;
        fem = new ModuleList<Sequential>(Enumerable.Range(0, options.Branches)
            .Select(i => Sequential(Conv2d(i == 0 ? 3 : f, f, 3, padding: 1), ReLU())).ToArray());
        enhancementModules = new ModuleList<Sequential>(Enumerable.Range(0, options.Branches)
            .Select(_ => EnhancementModule(f, c, k)).ToArray());
        fusion = Sequential(Conv2d(3 * options.Branches, 3, 1), ReLU());
        RegisterComponents();
    }

    /// <summary>Smallest image side the net accepts: the EM's three valid k×k convolutions need 3(k−1)+1 pixels.</summary>
    public static int MinimumSide(MbllenOptions options) => 3 * (options.EnhancementKernel - 1) + 1;


    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (MbllenOptions)options;
        var branches = new List<string>();
        var features = graph.Input;
        for (int i = 0; i < o.Branches; i++)
        {
            features = graph.Relu(graph.Conv(features, $"fem.{i}.0", padding: 1));
            var em = $"enhancementModules.{i}";
            var x = graph.Relu(graph.Conv(features, $"{em}.0", padding: 1));
            foreach (int layer in new[] { 2, 4, 6 }) x = graph.Relu(graph.Conv(x, $"{em}.{layer}"));
            foreach (int layer in new[] { 8, 10, 12 }) x = graph.Relu(graph.ConvTranspose(x, $"{em}.{layer}"));
            branches.Add(x);
        }
        var fused = graph.Relu(graph.Conv(graph.Concat(branches), "fusion.0"));
        // Radius: the ten 3×3 FEM convolutions, the EM's 3×3 and its three valid and three transposed k×k layers.
        // The published method post-processes the net output (official test script): recorded so ONNX users get it too.
        return (fused, new NetSignature("low-light", 3, 1, false, o.Branches + 1 + 6 * (o.EnhancementKernel / 2), PostProcess: "mbllen"));
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor rgb)
    {
        var branches = new List<Tensor>(fem.Count);
        var features = rgb;
        for (int i = 0; i < fem.Count; i++)
        {
            features = fem[i].forward(features);
            branches.Add(enhancementModules[i].forward(features));
        }
        return fusion.forward(cat(branches, 1));
    }

    /// <summary>
    /// EM: a 3×3 same convolution to <paramref name="c"/> channels, three valid k×k convolutions (c, 2c, 4c)
    /// and three valid k×k transposed convolutions (2c, c, 3) back to the input size; ReLU after each, no skips.
    /// </summary>
    private static Sequential EnhancementModule(int inChannels, int c, int k) => Sequential(
        Conv2d(inChannels, c, 3, padding: 1), ReLU(),
        Conv2d(c, c, k), ReLU(),
        Conv2d(c, 2 * c, k), ReLU(),
        Conv2d(2 * c, 4 * c, k), ReLU(),
        ConvTranspose2d(4 * c, 2 * c, k), ReLU(),
        ConvTranspose2d(2 * c, c, k), ReLU(),
        ConvTranspose2d(c, 3, k), ReLU());
}
