using System.Globalization;
using System.Runtime.InteropServices;

namespace Lumos.Onnx;

/// <summary>
/// Builds an ONNX graph from a net's description: each architecture calls these methods once, in the order of its
/// forward pass, naming its parameters by their state-dict keys; the weights become initializers. Values flow as
/// NCHW float32 with a dynamic batch, height and width. Every weight must be used (a check against a description
/// that forgets a layer); BatchNorm's step counter is the one exception.
/// </summary>
public sealed partial class OnnxGraph
{
    private readonly IReadOnlyDictionary<string, WeightTensor> weights;
    private readonly HashSet<string> used = [];
    private readonly List<ProtoWriter> nodes = [];
    private readonly List<ProtoWriter> initializers = [];
    private int counter;

    /// <summary>Starts a graph over a net's weights.</summary>
    public OnnxGraph(IReadOnlyDictionary<string, WeightTensor> weights) => this.weights = weights;

    /// <summary>The name of the graph's image input.</summary>
    public string Input => "input";

    /// <summary>A 2-D convolution with the weights <c>{prefix}.weight</c> (O×I×k×k) and optional <c>{prefix}.bias</c>.</summary>
    public string Conv(string x, string prefix, int stride = 1, int padding = 0)
    {
        var weight = Weight(prefix + ".weight", out var shape);
        var inputs = Bias(prefix, [x, weight]);
        return Node("Conv", inputs, Ints("kernel_shape", shape[2], shape[3]), Ints("strides", stride, stride), Ints("pads", padding, padding, padding, padding));
    }

    /// <summary>
    /// A 2-D transposed convolution (weights I×O×k×k, PyTorch's padding semantics), written as an ordinary
    /// convolution on the input grid followed by DepthToSpace — the sub-pixel identity of Shi et al. (CVPR 2016,
    /// §2.2): output phase r of a stride-s transposed convolution is a correlation of the input with every s-th
    /// kernel tap, flipped. ONNX Runtime's Conv is far faster than its ConvTranspose (MBLLEN's profile: 56% of
    /// the time in ConvTranspose at 3.8× the cost of a Conv with the same multiply-adds), and the rewrite is exact
    /// up to float summation order. Shapes it cannot express fall back to ConvTranspose.
    /// </summary>
    public string ConvTranspose(string x, string prefix, int stride = 1, int padding = 0, int outputPadding = 0)
    {
        if (!weights.TryGetValue(prefix + ".weight", out var weight)) throw new LumosException($"the weights lack '{prefix}.weight'");
        var plan = SubPixelPlan.For((int)weight.Shape[2], stride, padding, outputPadding);
        if (plan is null || weight.Shape[2] != weight.Shape[3])
        {
            var original = Weight(prefix + ".weight", out var shape);
            var inputs = Bias(prefix, [x, original]);
            return Node("ConvTranspose", inputs, Ints("kernel_shape", shape[2], shape[3]), Ints("strides", stride, stride),
                Ints("pads", padding, padding, padding, padding), Ints("output_padding", outputPadding, outputPadding));
        }
        used.Add(prefix + ".weight");
        int inChannels = (int)weight.Shape[0], outChannels = (int)weight.Shape[1], k = (int)weight.Shape[2], s = stride, length = plan.Length;
        // Conv weight [O·s², I, L, L]: output channel o·s² + ry·s + rx (DepthToSpace CRD order) holds phase (ry, rx).
        var kernel = new float[(long)outChannels * s * s * inChannels * length * length];
        for (int o = 0; o < outChannels; o++)
            for (int ry = 0; ry < s; ry++)
                for (int rx = 0; rx < s; rx++)
                    for (int i = 0; i < inChannels; i++)
                        for (int uy = 0; uy < length; uy++)
                            for (int ux = 0; ux < length; ux++)
                            {
                                int ty = plan.Tap(uy, ry), tx = plan.Tap(ux, rx);
                                if (ty < 0 || ty >= k || tx < 0 || tx >= k) continue;
                                int channel = (o * s + ry) * s + rx;
                                kernel[((((long)channel * inChannels) + i) * length + uy) * length + ux] = weight.Values[(((long)i * outChannels + o) * k + ty) * k + tx];
                            }
        var inputsAsConv = new List<string> { x, Initializer($"{prefix}.weight.as_conv", [outChannels * s * s, inChannels, length, length], kernel) };
        if (weights.TryGetValue(prefix + ".bias", out var bias))
        {
            used.Add(prefix + ".bias");
            inputsAsConv.Add(Initializer($"{prefix}.bias.as_conv", [outChannels * s * s], [.. Enumerable.Range(0, outChannels * s * s).Select(c => bias.Values[c / (s * s)])]));
        }
        var phases = Node("Conv", [.. inputsAsConv], Ints("kernel_shape", length, length),
            Ints("pads", plan.PadBefore, plan.PadBefore, plan.PadAfter, plan.PadAfter));
        return s == 1 ? phases : DepthToSpace(phases, s);
    }

    /// <summary>
    /// Where each output phase r of a stride-s transposed convolution (kernel k, padding p, output padding op)
    /// reads the input: y[s·m + r] = Σ_j x[m − j] · w[s·j + r + p]. A correlation kernel of <see cref="Length"/> taps
    /// with <see cref="PadBefore"/>/<see cref="PadAfter"/> zero padding covers every phase; tap u stands for
    /// j = PadBefore − u.
    /// </summary>
    private sealed record SubPixelPlan(int Stride, int Padding, int Length, int PadBefore, int PadAfter)
    {
        public int Tap(int u, int phase) => Stride * (PadBefore - u) + phase + Padding;

        /// <summary>The plan, or null when the output length is not s·H + a constant multiple of s (no phase split) or a pad would be negative.</summary>
        public static SubPixelPlan? For(int k, int s, int p, int op)
        {
            // Output length (H − 1)·s − 2p + k + op = s·H + extra; each phase then has H + extra/s samples.
            int extra = k - 2 * p + op - s;
            if (extra % s != 0) return null;
            int jMax = int.MinValue, jMin = int.MaxValue;
            for (int r = 0; r < s; r++)
            {
                jMax = Math.Max(jMax, FloorDiv(k - 1 - r - p, s));
                jMin = Math.Min(jMin, -FloorDiv(r + p, s));
            }
            int length = jMax - jMin + 1, before = jMax, after = extra / s + length - 1 - before;
            return before < 0 || after < 0 ? null : new SubPixelPlan(s, p, length, before, after);
        }

        private static int FloorDiv(int a, int b) => (int)Math.Floor(a / (double)b);
    }

    /// <summary>Channel-wise PReLU with slopes <c>{prefix}.weight</c> (C values, broadcast as C×1×1).</summary>
    public string PRelu(string x, string prefix)
    {
        var slope = Weight(prefix + ".weight", out var shape, reshape: shape => [shape.Aggregate(1L, (a, b) => a * b), 1, 1]);
        return Node("PRelu", [x, slope]);
    }

    /// <summary>Inference-mode batch normalisation with <c>{prefix}.weight/bias/running_mean/running_var</c>.</summary>
    public string BatchNorm(string x, string prefix, float epsilon = 1e-5f) => Node("BatchNormalization",
        [x, Weight(prefix + ".weight", out _), Weight(prefix + ".bias", out _), Weight(prefix + ".running_mean", out _), Weight(prefix + ".running_var", out _)],
        Float("epsilon", epsilon));

    /// <summary>max(x, 0).</summary>
    public string Relu(string x) => Node("Relu", [x]);

    /// <summary>tanh(x).</summary>
    public string Tanh(string x) => Node("Tanh", [x]);

    /// <summary>1 / (1 + e^−x).</summary>
    public string Sigmoid(string x) => Node("Sigmoid", [x]);

    /// <summary>a + b (broadcasting).</summary>
    public string Add(string a, string b) => Node("Add", [a, b]);

    /// <summary>a − b (broadcasting).</summary>
    public string Sub(string a, string b) => Node("Sub", [a, b]);

    /// <summary>a · b (broadcasting).</summary>
    public string Mul(string a, string b) => Node("Mul", [a, b]);

    /// <summary>
    /// Reflection padding of the two spatial axes by <paramref name="padding"/> pixels (PyTorch's
    /// <c>ReflectionPad2d</c>, the edge pixel not repeated; ONNX <c>Pad</c> in <c>reflect</c> mode).
    /// </summary>
    public string ReflectPad(string x, int padding) =>
        Node("Pad", [x, Constant([8], [0, 0, padding, padding, 0, 0, padding, padding])], String("mode", "reflect"));

    /// <summary>x to the constant power <paramref name="exponent"/>, elementwise.</summary>
    public string Pow(string x, float exponent) => Node("Pow", [x, Initializer(Fresh(), [], [exponent])]);

    /// <summary>Concatenation along the channel axis.</summary>
    public string Concat(IEnumerable<string> xs) => Node("Concat", [.. xs], Int("axis", 1));

    /// <summary>Splits the channels into <paramref name="parts"/> groups of <paramref name="size"/>.</summary>
    public string[] SplitChannels(string x, int parts, int size)
    {
        var sizes = Constant([parts], Enumerable.Repeat((long)size, parts).ToArray());
        var outputs = Enumerable.Range(0, parts).Select(_ => Fresh()).ToArray();
        nodes.Add(NodeProto("Split", [x, sizes], outputs, [Int("axis", 1)]));
        return outputs;
    }

    /// <summary>Pixel shuffle (PyTorch's <c>pixel_shuffle</c> is ONNX DepthToSpace in CRD mode).</summary>
    public string DepthToSpace(string x, int block) => Node("DepthToSpace", [x], Int("blocksize", block), String("mode", "CRD"));

    /// <summary>Encodes the model with <paramref name="output"/> as the graph's output.</summary>
    /// <param name="output">The value the net returns.</param>
    /// <param name="name">The graph's name (the architecture).</param>
    /// <param name="signature">Channels and scale of input and output.</param>
    /// <param name="metadata">Key/value pairs stored in the model (<c>metadata_props</c>).</param>
    /// <param name="opset">ONNX operator set version (13–21).</param>
    /// <exception cref="InvalidOperationException">The description left weights unused.</exception>
    public byte[] ToModel(string output, string name, NetSignature signature, IReadOnlyDictionary<string, string> metadata, int opset)
    {
        var unused = weights.Keys.Where(k => !used.Contains(k) && !k.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToArray();
        if (unused.Length > 0) throw new InvalidOperationException($"{name}: the ONNX description leaves weights unused: {string.Join(", ", unused)}");
        string height = "height", width = "width";
        string outHeight = signature.Scale == 1 ? height : $"height*{signature.Scale}", outWidth = signature.Scale == 1 ? width : $"width*{signature.Scale}";
        // Identity gives the output a stable name whatever the last operation was.
        nodes.Add(NodeProto("Identity", [output], ["output"], []));
        var graph = new ProtoWriter();
        foreach (var node in nodes) graph.Message(1, node);
        graph.String(2, name);
        foreach (var initializer in initializers) graph.Message(5, initializer);
        graph.Message(11, ValueInfo(Input, signature.Channels, height, width));
        graph.Message(12, ValueInfo("output", signature.Channels, outHeight, outWidth));

        var model = new ProtoWriter().Int(1, IrVersion(opset)).String(2, "Lumos").String(3, typeof(OnnxGraph).Assembly.GetName().Version?.ToString(3) ?? "0")
            .String(6, $"{name} exported by Lumos").Message(7, graph)
            .Message(8, new ProtoWriter().String(1, "").Int(2, opset));
        foreach (var (key, value) in metadata) model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        return model.ToArray();
    }

    /// <summary>The IR version that goes with an operator set (onnx/helper.py's VERSION_TABLE).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 13–21.</exception>
    public static int IrVersion(int opset) => opset switch
    {
        13 or 14 => 7,
        >= 15 and <= 18 => 8,
        19 or 20 => 9,
        21 => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(opset), opset, "opset must be 13-21"),
    };

    private string Fresh() => $"t{counter++}";

    private string Node(string op, string[] inputs, params ProtoWriter[] attributes)
    {
        var output = Fresh();
        nodes.Add(NodeProto(op, inputs, [output], attributes));
        return output;
    }

    private ProtoWriter NodeProto(string op, string[] inputs, string[] outputs, ProtoWriter[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs) node.String(1, input);
        foreach (var output in outputs) node.String(2, output);
        node.String(3, $"{op}_{nodes.Count}").String(4, op);
        foreach (var attribute in attributes) node.Message(5, attribute);
        return node;
    }

    private string[] Bias(string prefix, string[] inputs) =>
        weights.ContainsKey(prefix + ".bias") ? [.. inputs, Weight(prefix + ".bias", out _)] : inputs;

    private string Weight(string key, out long[] shape, Func<long[], long[]>? reshape = null)
    {
        if (!weights.TryGetValue(key, out var weight)) throw new LumosException($"the weights lack '{key}'");
        shape = weight.Shape;
        if (used.Add(key))
            initializers.Add(new ProtoWriter().PackedInts(1, reshape?.Invoke(weight.Shape) ?? weight.Shape).Int(2, 1).String(8, key)
                .Bytes(9, MemoryMarshal.AsBytes(weight.Values.AsSpan())));
        return key;
    }

    private string Initializer(string name, long[] shape, float[] values)
    {
        initializers.Add(new ProtoWriter().PackedInts(1, shape).Int(2, 1).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan())));
        return name;
    }

    private string Constant(long[] shape, long[] values)
    {
        var name = Fresh();
        initializers.Add(new ProtoWriter().PackedInts(1, shape).Int(2, 7).String(8, name).Bytes(9, MemoryMarshal.AsBytes(values.AsSpan())));
        return name;
    }

    private static ProtoWriter ValueInfo(string name, int channels, string height, string width)
    {
        var shape = new ProtoWriter()
            .Message(1, new ProtoWriter().String(2, "batch"))
            .Message(1, new ProtoWriter().Int(1, channels))
            .Message(1, new ProtoWriter().String(2, height))
            .Message(1, new ProtoWriter().String(2, width));
        var tensorType = new ProtoWriter().Int(1, 1).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }

    private static ProtoWriter Ints(string name, params long[] values) => new ProtoWriter().String(1, name).PackedInts(8, values).Int(20, 7);

    private static ProtoWriter Int(string name, long value) => new ProtoWriter().String(1, name).Int(3, value).Int(20, 2);

    private static ProtoWriter Float(string name, float value) => new ProtoWriter().String(1, name).Float(2, value).Int(20, 1);

    private static ProtoWriter String(string name, string value) => new ProtoWriter().String(1, name).String(4, value).Int(20, 3);
}
