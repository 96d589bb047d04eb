using System.Text.RegularExpressions;
using Lumos.Nets.Archs;
using PureHDF;
using PureHDF.VOL.Native;
using static TorchSharp.torch;

namespace Lumos.Nets.Import;

/// <summary>
/// Reads Keras 2 HDF5 weight files (<c>model.save_weights</c>: one group per layer, its
/// <c>weight_names</c> attribute listing <c>kernel:0</c> and <c>bias:0</c> datasets) into torch layouts.
/// </summary>
public static partial class KerasWeights
{
    /// <summary>One convolution layer's weights, already in torch layout.</summary>
    /// <param name="Name">Keras layer name, e.g. <c>conv2d_7</c>.</param>
    /// <param name="Weight">Conv2d: (out, in, kH, kW); ConvTranspose2d: (in, out, kH, kW).</param>
    /// <param name="Bias">(out).</param>
    public sealed record Layer(string Name, Tensor Weight, Tensor Bias);

    /// <summary>
    /// Reads the official MBLLEN weights (e.g. <c>Syn_img_lowlight_withnoise.h5</c>) as a state dict for
    /// <see cref="Mbllen"/> built with <paramref name="options"/>, checking layer counts and every shape.
    /// </summary>
    /// <exception cref="LumosException">Unreadable file, missing layers, or shapes that do not fit.</exception>
    public static Dictionary<string, Tensor> ReadMbllen(string path, MbllenOptions options)
    {
        var (convolutions, transposed) = ReadConvolutions(path);
        // Keras numbers layers in creation order: per branch the FEM conv then the EM's four convs
        // (official Network.py), the fusion conv last; the EM's three transposed convs per branch.
        int expectedConvolutions = 5 * options.Branches + 1, expectedTransposed = 3 * options.Branches;
        if (convolutions.Count != expectedConvolutions || transposed.Count != expectedTransposed)
            throw new LumosException($"{path}: expected {expectedConvolutions} Conv2D and {expectedTransposed} Conv2DTranspose layers for MBLLEN, found {convolutions.Count} and {transposed.Count}");

        var state = new Dictionary<string, Tensor>();
        using var reference = new Mbllen(options);
        var shapes = reference.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        for (int branch = 0; branch < options.Branches; branch++)
        {
            Put($"fem.{branch}.0", convolutions[5 * branch]);
            for (int j = 0; j < 4; j++) Put($"enhancementModules.{branch}.{2 * j}", convolutions[5 * branch + 1 + j]);
            for (int j = 0; j < 3; j++) Put($"enhancementModules.{branch}.{8 + 2 * j}", transposed[3 * branch + j]);
        }
        Put("fusion.0", convolutions[^1]);
        return state;

        void Put(string module, Layer layer)
        {
            Check(module + ".weight", layer.Weight);
            Check(module + ".bias", layer.Bias);
            state[module + ".weight"] = layer.Weight;
            state[module + ".bias"] = layer.Bias;

            void Check(string key, Tensor value)
            {
                if (!shapes.TryGetValue(key, out var shape))
                    throw new LumosException($"{path}: MBLLEN has no parameter {key} (for Keras layer {layer.Name})");
                if (!shape.SequenceEqual(value.shape))
                    throw new LumosException($"{path}: Keras layer {layer.Name} gives {key} shape [{string.Join(",", value.shape)}], MBLLEN expects [{string.Join(",", shape)}]");
            }
        }
    }

    /// <summary>Loads the official MBLLEN Keras weights into <paramref name="net"/> (every parameter is replaced).</summary>
    public static void LoadMbllen(Mbllen net, string path, MbllenOptions options)
    {
        var state = ReadMbllen(path, options);
        try
        {
            var (missing, unexpected) = net.load_state_dict(state, strict: false);
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new LumosException($"{path}: MBLLEN weights incomplete (missing: {string.Join(", ", missing)}; unexpected: {string.Join(", ", unexpected)})");
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
    }

    /// <summary>
    /// All Conv2D and Conv2DTranspose layers of a Keras weight file, each list in creation order (the
    /// number Keras appends to the layer name), converted to torch layout.
    /// </summary>
    public static (List<Layer> Convolutions, List<Layer> Transposed) ReadConvolutions(string path)
    {
        if (!File.Exists(path)) throw new LumosException($"{path}: Keras weight file not found");
        long fileLength = new FileInfo(path).Length;
        NativeFile file;
        try { file = H5File.Open(new ReadBudgetStream(File.OpenRead(path), 64 * fileLength + (1 << 20)), leaveOpen: false); }
        catch (Exception e) when (e is not LumosException) { throw new LumosException($"{path}: not a readable HDF5 file ({e.Message})", e); }
        using (file)
        {
            // PureHDF reports damage in its own ways (Exception, FormatException, NotSupportedException, a negative
            // offset, a null reference deep inside): anything it throws while this file is read means the file is
            // unreadable, said in one line (found by fuzzing, tests/fuzz).
            try { return ReadLayers(file); }
            catch (Exception e) when (e is not LumosException)
            {
                throw new LumosException($"{path}: not a readable Keras weight file ({e.Message.Split('\n')[0].TrimEnd('.')})", e);
            }
        }

        (List<Layer>, List<Layer>) ReadLayers(NativeFile file)
        {
            if (!file.AttributeExists("layer_names"))
                throw new LumosException($"{path}: no 'layer_names' attribute: not a Keras save_weights file");
            var layers = file.Attribute("layer_names").Read<string[]>()
                .Select(name => (Name: name, Match: LayerName().Match(name)))
                .Where(l => l.Match.Success)
                .Select(l => (l.Name, Transposed: l.Match.Groups[1].Success, Number: l.Match.Groups[2].Success ? int.Parse(l.Match.Groups[2].Value) : 0))
                .OrderBy(l => l.Number)
                .ToList();
            var convolutions = new List<Layer>();
            var transposed = new List<Layer>();
            try
            {
                foreach (var layer in layers) (layer.Transposed ? transposed : convolutions).Add(Read(file, layer.Name));
                return (convolutions, transposed);
            }
            catch
            {
                foreach (var layer in convolutions.Concat(transposed)) { layer.Weight.Dispose(); layer.Bias.Dispose(); }
                throw;
            }
        }

        Layer Read(NativeFile file, string name)
        {
            var group = file.Group(name);
            var weightNames = group.Attribute("weight_names").Read<string[]>();
            string kernelName = weightNames.FirstOrDefault(w => w.EndsWith("kernel:0", StringComparison.Ordinal))
                ?? throw new LumosException($"{path}: layer {name} has no kernel:0");
            string biasName = weightNames.FirstOrDefault(w => w.EndsWith("bias:0", StringComparison.Ordinal))
                ?? throw new LumosException($"{path}: layer {name} has no bias:0");
            var kernelSet = group.Dataset(kernelName);
            var dims = kernelSet.Space.Dimensions.Select(d => checked((long)d)).ToArray();
            if (dims.Length != 4) throw new LumosException($"{path}: layer {name} kernel has {dims.Length} dimensions, expected 4");
            CheckSize(name, "kernel", dims);
            var biasSet = group.Dataset(biasName);
            CheckSize(name, "bias", biasSet.Space.Dimensions.Select(d => checked((long)d)).ToArray());
            using var kernel = tensor(kernelSet.Read<float[]>(), dims);
            // Conv2D kernels are (kH, kW, in, out) → torch (out, in, kH, kW). Conv2DTranspose kernels are
            // (kH, kW, out, in) → torch ConvTranspose2d (in, out, kH, kW). Both frameworks define the
            // transposed conv as the adjoint of the same cross-correlation, so no spatial flip (checked in tests).
            var weight = kernel.permute(3, 2, 0, 1).contiguous();
            var bias = tensor(biasSet.Read<float[]>());
            return new Layer(name, weight, bias);
        }

        // Keras writes weights uncompressed: a dataset cannot hold more float32 values than the file has bytes. Checked
        // before PureHDF allocates the array a corrupt header asks for.
        void CheckSize(string name, string what, long[] dims)
        {
            long values = dims.Aggregate(1L, (a, d) => checked(a * d));
            if (values > fileLength / sizeof(float))
                throw new LumosException($"{path}: layer {name} {what} claims {values} values [{string.Join(", ", dims)}], more than the {fileLength}-byte file holds");
        }
    }

    /// <summary>
    /// A read-only file stream that refuses to deliver more than <paramref name="budget"/> bytes in all. PureHDF follows
    /// a damaged file's object-header continuations without noticing a cycle and then reads the same bytes forever
    /// (found by the fuzzer); no sound HDF5 file needs its bytes read more than a few times, so exhausting the budget
    /// means the file is damaged.
    /// </summary>
    private sealed class ReadBudgetStream(FileStream inner, long budget) : Stream
    {
        private readonly long limit = budget;
        private long left = budget;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            left -= buffer.Length;
            if (left < 0) throw new InvalidDataException($"the HDF5 structure loops (read more than {limit} bytes of a {inner.Length}-byte file)");
            return inner.Read(buffer);
        }

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    [GeneratedRegex(@"^conv2d(_transpose)?(?:_(\d+))?$")]
    private static partial Regex LayerName();
}
