using System.Globalization;
using Lumos.Imaging;
using Microsoft.ML.OnnxRuntime;

namespace Lumos.Onnx;

/// <summary>
/// ONNX Runtime's convolutions checked against float64 once per process, before the first model (a built-in net or an
/// ONNX file) runs on it on the CPU, as Lumos.Nets' TorchRuntime checks libtorch's: a native backend can be silently wrong on one machine
/// (oneDNN 3.7 was, on some VMs), and ONNX Runtime picks its kernels by CPU (AVX2, AVX-512, ...) too. The graph is
/// the layer types the built-in nets export, with channel counts that do not fill a SIMD block: Conv 3→12 k3 p1,
/// 12→56 k5 p2, 56→8 k1, and FSRCNN's ×2 ConvTranspose 8→3 k9 s2 p4 (which <see cref="OnnxGraph"/> writes as a
/// Conv and DepthToSpace), on a 16×16 random image; tens of milliseconds, once.
/// </summary>
public static class OnnxRuntimeCheck
{
    /// <summary>Largest relative error accepted; correct float32 kernels stay near 1e-6 here, a wrong one is off by far more or gives NaN.</summary>
    public const double Tolerance = 1e-4;

    private const int Size = 16, Channels = 3;

    private static readonly Lazy<double> measured = new(() => Measure(), LazyThreadSafetyMode.ExecutionAndPublication);

    // A result the tests stand in for this machine's, in their own async flow only (tests run side by side).
    private static readonly AsyncLocal<double?> pretended = new();

    /// <summary>This machine's largest |ONNX Runtime − float64| over the largest |float64| (NaN if a value was NaN or ∞); measured once.</summary>
    public static double RelativeError => measured.Value;

    /// <summary>Refuses to run models on ONNX Runtime's CPU provider where its convolutions are wrong, naming the way out.</summary>
    /// <exception cref="LumosException">The check failed.</exception>
    public static void EnsureCorrect() => Require(pretended.Value ?? RelativeError);

    /// <summary>Makes <see cref="EnsureCorrect"/> see <paramref name="relativeError"/> in the calling async flow until disposed.</summary>
    internal static IDisposable Pretend(double relativeError)
    {
        pretended.Value = relativeError;
        return new Restore();
    }

    private sealed class Restore : IDisposable
    {
        public void Dispose() => pretended.Value = null;
    }

    /// <summary>The decision on a measured error: nothing within the tolerance, else the one-line refusal.</summary>
    /// <exception cref="LumosException">The error is above the tolerance or NaN.</exception>
    public static void Require(double relativeError)
    {
        if (!(relativeError <= Tolerance)) // NaN fails too
            throw new LumosException($"ONNX Runtime computes wrong convolutions on this machine (relative error {relativeError:0.##e+0} against float64): "
                + "run the built-in nets with --engine torch (libtorch, checked the same way); ONNX model files cannot run correctly here");
    }

    /// <summary>Runs the check graph on ONNX Runtime and in float64 with the same random weights and input.</summary>
    /// <param name="seed">Seed of the weights and the input.</param>
    /// <param name="device">ONNX Runtime device: <c>cpu</c>, or <c>cuda</c> (which the check does not guard: it reports).</param>
    /// <exception cref="LumosException">The device cannot start.</exception>
    public static double Measure(int seed = 1, string device = "cpu")
    {
        var random = new Random(seed);
        WeightTensor Random(params long[] shape)
        {
            long fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
            for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) / Math.Sqrt(fanIn));
            return new WeightTensor(shape, values);
        }
        var weights = new Dictionary<string, WeightTensor>
        {
            ["a.weight"] = Random(12, Channels, 3, 3), ["a.bias"] = Random(12),
            ["b.weight"] = Random(56, 12, 5, 5), ["b.bias"] = Random(56),
            ["c.weight"] = Random(8, 56, 1, 1), ["c.bias"] = Random(8),
            ["t.weight"] = Random(8, 3, 9, 9), ["t.bias"] = Random(3), // ConvTranspose: in × out × k × k
        };
        var input = new float[Channels * Size * Size];
        for (int i = 0; i < input.Length; i++) input[i] = (float)random.NextDouble();

        var graph = new OnnxGraph(weights);
        var x = graph.Conv(graph.Input, "a", padding: 1);
        x = graph.Conv(x, "b", padding: 2);
        x = graph.Conv(x, "c");
        x = graph.ConvTranspose(x, "t", stride: 2, padding: 4, outputPadding: 1);
        var model = graph.ToModel(x, "self-check", new NetSignature("self-check", Channels, 2, false, 0), new Dictionary<string, string>(), 17);
        float[] actual;
        using (var session = new OnnxNetSession(model, $"ONNX Runtime self-check ({device})", device, threads: 0, tf32: false, selfCheck: false))
            actual = session.Run(new PlanarImage(Channels, Size, Size, input)).Data;

        var reference = Array.ConvertAll(input, v => (double)v);
        reference = Convolve(reference, Size, weights["a.weight"], weights["a.bias"], 1);
        reference = Convolve(reference, Size, weights["b.weight"], weights["b.bias"], 2);
        reference = Convolve(reference, Size, weights["c.weight"], weights["c.bias"], 0);
        reference = ConvolveTransposed(reference, Size, weights["t.weight"], weights["t.bias"], stride: 2, padding: 4, outputPadding: 1);
        if (actual.Length != reference.Length) return double.NaN;
        double worst = 0, largest = reference.Max(Math.Abs);
        for (int i = 0; i < actual.Length; i++)
        {
            if (!float.IsFinite(actual[i])) return double.NaN;
            worst = Math.Max(worst, Math.Abs(actual[i] - reference[i]));
        }
        return worst / largest;
    }

    /// <summary>
    /// Whether <c>--device cuda</c> works here, in one line: not in this build (the CPU build of ONNX Runtime), the reason
    /// its provider cannot start (no GPU, driver, CUDA or cuDNN), or the check graph's error against float64 on the GPU.
    /// </summary>
    public static string DescribeCuda()
    {
        if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
            return "not in this build of ONNX Runtime (build with -p:LumosCuda=true)";
        try
        {
            double error = Measure(device: "cuda");
            return error <= Tolerance
                ? $"available: its convolutions match float64 ({error.ToString("0.#e+0", CultureInfo.InvariantCulture)})"
                : $"available, but its convolutions are wrong ({error.ToString("0.##e+0", CultureInfo.InvariantCulture)} against float64)";
        }
        catch (LumosException e) { return e.Message; }
    }

    /// <summary>A same-size, zero-padded 2-D convolution (cross-correlation, as Conv and PyTorch define it) of C×S×S in float64.</summary>
    private static double[] Convolve(double[] x, int size, WeightTensor weight, WeightTensor bias, int padding)
    {
        int outChannels = (int)weight.Shape[0], inChannels = (int)weight.Shape[1], k = (int)weight.Shape[2];
        var y = new double[outChannels * size * size];
        for (int o = 0; o < outChannels; o++)
            for (int row = 0; row < size; row++)
                for (int col = 0; col < size; col++)
                {
                    double sum = bias.Values[o];
                    for (int i = 0; i < inChannels; i++)
                        for (int u = 0; u < k; u++)
                        {
                            int r = row + u - padding;
                            if (r < 0 || r >= size) continue;
                            for (int v = 0; v < k; v++)
                            {
                                int c = col + v - padding;
                                if (c >= 0 && c < size) sum += x[(i * size + r) * size + c] * weight.Values[((o * inChannels + i) * k + u) * k + v];
                            }
                        }
                    y[(o * size + row) * size + col] = sum;
                }
        return y;
    }

    /// <summary>PyTorch's conv_transpose2d in float64: input pixel (r, c) adds w[i, o, u, v] at (r·s − p + u, c·s − p + v); output (S−1)·s − 2p + k + op.</summary>
    private static double[] ConvolveTransposed(double[] x, int size, WeightTensor weight, WeightTensor bias, int stride, int padding, int outputPadding)
    {
        int inChannels = (int)weight.Shape[0], outChannels = (int)weight.Shape[1], k = (int)weight.Shape[2];
        int outSize = (size - 1) * stride - 2 * padding + k + outputPadding;
        var y = new double[outChannels * outSize * outSize];
        for (int o = 0; o < outChannels; o++)
            Array.Fill(y, bias.Values[o], o * outSize * outSize, outSize * outSize);
        for (int i = 0; i < inChannels; i++)
            for (int r = 0; r < size; r++)
                for (int c = 0; c < size; c++)
                {
                    double value = x[(i * size + r) * size + c];
                    for (int o = 0; o < outChannels; o++)
                        for (int u = 0; u < k; u++)
                        {
                            int row = r * stride - padding + u;
                            if (row < 0 || row >= outSize) continue;
                            for (int v = 0; v < k; v++)
                            {
                                int col = c * stride - padding + v;
                                if (col >= 0 && col < outSize) y[(o * outSize + row) * outSize + col] += value * weight.Values[((i * outChannels + o) * k + u) * k + v];
                            }
                        }
                }
        return y;
    }
}
