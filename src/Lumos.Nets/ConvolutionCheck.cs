using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lumos.Nets;

/// <summary>What a <see cref="ConvolutionCheck"/> computes.</summary>
public enum ConvolutionOp
{
    /// <summary>conv2d's output.</summary>
    Forward,

    /// <summary>The gradient of conv2d's output with respect to its input (what training back-propagates).</summary>
    InputGradient,

    /// <summary>conv_transpose2d's output (FSRCNN's tail).</summary>
    Transposed,
}

/// <summary>The outcome of one <see cref="ConvolutionCheck"/>.</summary>
/// <param name="Name">The computation, e.g. <c>conv_transpose 8→3 k5 p0</c>.</param>
/// <param name="RelativeError">Largest |float32 − float64| over the largest |float64|; NaN when float32 gave NaN or ∞.</param>
public sealed record ConvolutionCheckResult(string Name, double RelativeError)
{
    /// <summary>Within <see cref="ConvolutionCheck.Tolerance"/> (NaN never is).</summary>
    public bool Passed => RelativeError <= ConvolutionCheck.Tolerance;

    /// <summary>e.g. <c>conv_transpose 8→3 k5 p0 rel. error 0.31</c>.</summary>
    public override string ToString() => $"{Name} rel. error {RelativeError:0.##e+0}";
}

/// <summary>
/// One convolution computed by libtorch in float32 and again in float64 on the same random values. float64
/// convolutions never go through oneDNN, so they are the reference: on some x86-64 VMs oneDNN 3.7's blocked-layout
/// kernels give wrong float32 values (often NaN) whenever a channel count must be padded to the block size, which
/// is what the shapes of <see cref="SelfCheck"/> exercise.
/// </summary>
/// <param name="Op">Forward, input gradient or transposed convolution.</param>
/// <param name="Batch">N.</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Kernel">Square kernel side.</param>
/// <param name="Padding">Zero padding on each side.</param>
/// <param name="Size">Input height and width.</param>
public sealed record ConvolutionCheck(ConvolutionOp Op, int Batch, int InChannels, int OutChannels, int Kernel, int Padding, int Size)
{
    /// <summary>
    /// Largest relative error accepted. A correct float32 convolution of these sizes is within about 1e-6 of
    /// float64; a wrong kernel is off by 1e-2 to 1 or gives NaN.
    /// </summary>
    public const double Tolerance = 1e-4;

    /// <summary>
    /// The self-check run before the first net: the shapes oneDNN got wrong on an AMD EPYC (Zen 5) VM, shrunk to 8×8
    /// images (30×30 for the transposed one) where they still failed there nearly every time; a few milliseconds
    /// once libtorch is warm. The forward 12→12 was wrong there only with oneDNN capped at AVX2.
    /// </summary>
    public static IReadOnlyList<ConvolutionCheck> SelfCheck { get; } =
    [
        new(ConvolutionOp.Transposed, 1, 8, 3, 5, 0, 30),
        new(ConvolutionOp.Forward, 4, 12, 12, 3, 1, 8),
        new(ConvolutionOp.InputGradient, 4, 32, 8, 3, 1, 8),
        new(ConvolutionOp.InputGradient, 4, 8, 8, 5, 0, 8),
        new(ConvolutionOp.InputGradient, 4, 1, 56, 5, 2, 8),
        new(ConvolutionOp.InputGradient, 4, 12, 12, 3, 1, 8),
        new(ConvolutionOp.InputGradient, 4, 32, 1, 5, 2, 8),
    ];

    /// <summary>e.g. <c>conv 32→8 k3 p1 input gradient</c>.</summary>
    public string Name => Op switch
    {
        ConvolutionOp.Forward => $"conv {InChannels}→{OutChannels} k{Kernel} p{Padding}",
        ConvolutionOp.InputGradient => $"conv {InChannels}→{OutChannels} k{Kernel} p{Padding} input gradient",
        _ => $"conv_transpose {InChannels}→{OutChannels} k{Kernel} p{Padding}",
    };

    /// <summary>Computes the convolution in float32 and float64 with the current libtorch settings and compares them.</summary>
    /// <param name="seed">Seed of the random input, weights and upstream gradient (uniform in [−1, 1]).</param>
    public ConvolutionCheckResult Run(int seed = 1)
    {
        using var scope = NewDisposeScope();
        // The check may run while the caller is inside no_grad (a net built for inference); the gradient needs autograd.
        using var grad = enable_grad();
        // A private generator: the check must not move torch's global RNG, which seeds weight initialisation.
        var random = new Random(seed);
        int outSize = Op == ConvolutionOp.Transposed ? Size + Kernel - 1 - 2 * Padding : Size - Kernel + 1 + 2 * Padding;
        var input = Uniform(random, Batch, InChannels, Size, Size);
        var weight = Op == ConvolutionOp.Transposed
            ? Uniform(random, InChannels, OutChannels, Kernel, Kernel)
            : Uniform(random, OutChannels, InChannels, Kernel, Kernel);
        var upstream = Uniform(random, Batch, OutChannels, outSize, outSize);

        var single = Compute(input, weight, upstream, float32).data<float>().ToArray();
        var reference = Compute(input, weight, upstream, float64).data<double>().ToArray();
        return new ConvolutionCheckResult(Name, RelativeError(single, reference));
    }

    /// <summary>
    /// Largest |actual − expected| over the largest |expected| (the absolute difference when expected is all zero);
    /// NaN when <paramref name="actual"/> holds NaN or ∞, so the comparison fails.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        if (actual.Length != expected.Length)
            throw new ArgumentException($"{actual.Length} values compared with {expected.Length}", nameof(actual));
        double difference = 0, scale = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            if (!float.IsFinite(actual[i])) return double.NaN;
            difference = Math.Max(difference, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        return scale == 0 ? difference : difference / scale;
    }

    private Tensor Compute(Tensor input, Tensor weight, Tensor upstream, ScalarType type)
    {
        var x = input.to_type(type, copy: true).requires_grad_(Op == ConvolutionOp.InputGradient);
        var w = weight.to_type(type, copy: true);
        long[] padding = [Padding, Padding];
        var y = Op == ConvolutionOp.Transposed ? F.conv_transpose2d(x, w, padding: padding) : F.conv2d(x, w, padding: padding);
        if (Op != ConvolutionOp.InputGradient) return y;
        y.backward([upstream.to_type(type, copy: true)]);
        return x.grad!;
    }

    // float32 values (so both precisions start from identical numbers) held in a float64 tensor.
    private static Tensor Uniform(Random random, params long[] shape)
    {
        var values = new double[shape.Aggregate(1L, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return tensor(values, shape, float64);
    }
}
