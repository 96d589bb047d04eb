using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Nets.Onnx;
using Lumos.Onnx;
using Lumos.Registry;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Archs;

/// <summary>Options of <see cref="ZeroDce"/>.</summary>
public sealed record ZeroDceOptions
{
    /// <summary>Feature channels of each hidden convolution (32 in the paper).</summary>
    [Description("feature channels of the hidden convolutions"), Range(4, 256)]
    public int Channels { get; init; } = 32;

    /// <summary>Curve iterations n (8 in the paper); the net predicts 3 curve maps per iteration.</summary>
    [Description("curve iterations (3 curve maps each, 1 with shared-curves)"), Range(1, 16)]
    public int Iterations { get; init; } = 8;

    /// <summary>
    /// One curve map per iteration, applied to R, G and B alike (a Lumos variant; the paper predicts one per channel).
    /// The same monotone curve on every channel cannot shift the white balance, so the colour stays the input's; with
    /// per-channel curves the grey-world colour loss pulls warm photos towards blue.
    /// </summary>
    [Description("one curve map per iteration for R, G and B alike, so colours keep the input's balance (the paper: one per channel)")]
    public bool SharedCurves { get; init; }
}

/// <summary>
/// Zero-DCE's DCE-Net (Guo et al., CVPR 2020, Fig. 2): seven 3×3 convolutions with symmetric skip
/// concatenations predict per-pixel curve maps; the light-enhancement curve LE(x) = x + αx(1 − x) (Eq. 4)
/// is applied iteratively. Parameter names follow the official code (<c>e_conv1</c>…<c>e_conv7</c>) so its
/// state dicts load as they are.
/// </summary>
[Registered("zerodce", "Zero-DCE curve-estimation net (7 conv, 24 curve maps)", Citation = "Guo et al., Zero-Reference Deep Curve Estimation for Low-Light Image Enhancement, CVPR 2020")]
public sealed class ZeroDce : LumosNet, IOnnxExportable
{
    private readonly Conv2d e_conv1, e_conv2, e_conv3, e_conv4, e_conv5, e_conv6, e_conv7;
    private readonly int iterations, mapsPerIteration;

    /// <summary>Builds DCE-Net with freshly initialised weights.</summary>
    public ZeroDce(ZeroDceOptions options) : base(nameof(ZeroDce))
    {
        int f = options.Channels;
        iterations = options.Iterations;
        mapsPerIteration = options.SharedCurves ? 1 : 3;
        e_conv1 = Conv(3, f);
        e_conv2 = Conv(f, f);
        e_conv3 = Conv(f, f);
        e_conv4 = Conv(f, f);
        e_conv5 = Conv(2 * f, f);
        e_conv6 = Conv(2 * f, f);
        e_conv7 = Conv(2 * f, mapsPerIteration * iterations);
        RegisterComponents();
    }

    private static Conv2d Conv(int input, int output) => Conv2d(input, output, 3, padding: 1);

    /// <summary>Curve maps per iteration: 3, or 1 with shared curves.</summary>
    public int MapsPerIteration => mapsPerIteration;

    /// <summary>Receptive-field radius in pixels (seven 3×3 convolutions), for tiling.</summary>
    public const int Radius = 7;


    /// <inheritdoc />
    public static (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options)
    {
        var o = (ZeroDceOptions)options;
        string Conv(string x, string name) => graph.Relu(graph.Conv(x, name, padding: 1));
        var x1 = Conv(graph.Input, "e_conv1");
        var x2 = Conv(x1, "e_conv2");
        var x3 = Conv(x2, "e_conv3");
        var x4 = Conv(x3, "e_conv4");
        var x5 = Conv(graph.Concat([x3, x4]), "e_conv5");
        var x6 = Conv(graph.Concat([x2, x5]), "e_conv6");
        var curves = graph.Tanh(graph.Conv(graph.Concat([x1, x6]), "e_conv7", padding: 1));
        var enhanced = graph.Input;
        foreach (var r in graph.SplitChannels(curves, o.Iterations, o.SharedCurves ? 1 : 3)) // a shared map broadcasts over R, G, B
            enhanced = graph.Add(enhanced, graph.Mul(r, graph.Sub(graph.Mul(enhanced, enhanced), enhanced)));
        return (enhanced, new NetSignature("low-light", 3, 1, false, Radius));
    }

    /// <summary>Enhances an NCHW RGB batch in [0, 1].</summary>
    public override Tensor forward(Tensor x)
    {
        using var curves = CurveMaps(x);
        return ApplyCurves(x, curves, mapsPerIteration);
    }

    /// <summary>The 3·n (n with shared curves) curve-parameter maps A in [−1, 1] (tanh of the last convolution).</summary>
    public Tensor CurveMaps(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x1 = functional.relu(e_conv1.forward(x));
        var x2 = functional.relu(e_conv2.forward(x1));
        var x3 = functional.relu(e_conv3.forward(x2));
        var x4 = functional.relu(e_conv4.forward(x3));
        var x5 = functional.relu(e_conv5.forward(cat([x3, x4], 1)));
        var x6 = functional.relu(e_conv6.forward(cat([x2, x5], 1)));
        return tanh(e_conv7.forward(cat([x1, x6], 1))).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Applies the curves iteratively: LE_n = LE_{n−1} + A_n·LE_{n−1}(1 − LE_{n−1}) (Eq. 4). The official
    /// code writes it x + r(x² − x), i.e. A = −r; we follow the code so its weights give its output.
    /// </summary>
    /// <param name="x">NCHW RGB batch in [0, 1].</param>
    /// <param name="curves">The curve maps, <paramref name="mapsPerIteration"/> per iteration.</param>
    /// <param name="mapsPerIteration">3 (one per channel, the paper) or 1 (shared by R, G and B).</param>
    public static Tensor ApplyCurves(Tensor x, Tensor curves, int mapsPerIteration = 3)
    {
        using var scope = NewDisposeScope();
        var enhanced = x;
        foreach (var r in curves.split(mapsPerIteration, 1)) enhanced = enhanced + r * (enhanced * enhanced - enhanced);
        return enhanced.MoveToOuterDisposeScope();
    }
}
