using Lumos.Nets;
using Lumos.Nets.Archs;
using Lumos.Nets.Import;
using PureHDF;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Import;

public sealed class KerasWeightsTests
{
    private static string Weights(string name) => Path.Combine(TestData.RequireShared(), "weights", "mbllen", name);

    [SkippableFact]
    public void Mbllen_keras_weights_replace_every_parameter()
    {
        string path = Weights("Syn_img_lowlight_withnoise.h5");
        using var net = new Mbllen(new MbllenOptions());
        using (no_grad())
            foreach (var p in net.parameters()) p.fill_(float.NaN);

        KerasWeights.LoadMbllen(net, path, new MbllenOptions());

        Assert.Equal(450_171, net.parameters().Sum(p => p.numel()));
        Assert.All(net.parameters(), p => Assert.False(p.isnan().any().item<bool>()));
        var (convolutions, _) = KerasWeights.ReadConvolutions(path);
        var fusion = net.state_dict()["fusion.0.weight"];
        Assert.True(fusion.allclose(convolutions[^1].Weight, rtol: 0, atol: 0));
    }

    [SkippableFact]
    public void Keras_transposed_convolution_is_torch_conv_transpose_without_kernel_flip()
    {
        // Keras Conv2DTranspose (valid, stride 1) by its definition, the adjoint of a valid correlation:
        // out[y+i, x+j, o] += in[y, x, c] · K[i, j, o, c], K read raw from the file in Keras layout (kH, kW, out, in).
        string path = Weights("Syn_img_lowlight_withnoise.h5");
        using var file = H5File.OpenRead(path);
        var set = file.Group("conv2d_transpose_1").Dataset("conv2d_transpose_1/kernel:0");
        var k = set.Read<float[]>();
        int kh = 5, kw = 5, outC = 16, inC = 32, h = 3, w = 4;
        Assert.Equal([(ulong)kh, (ulong)kw, (ulong)outC, (ulong)inC], set.Space.Dimensions);
        var random = new Random(7);
        var input = Enumerable.Range(0, inC * h * w).Select(_ => (float)random.NextDouble()).ToArray(); // (c, y, x)
        var expected = new double[outC, h + kh - 1, w + kw - 1];
        for (int c = 0; c < inC; c++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int i = 0; i < kh; i++)
                        for (int j = 0; j < kw; j++)
                            for (int o = 0; o < outC; o++)
                                expected[o, y + i, x + j] += input[(c * h + y) * w + x] * k[((i * kw + j) * outC + o) * inC + c];

        var (_, transposed) = KerasWeights.ReadConvolutions(path);
        using var scope = NewDisposeScope();
        TorchRuntime.EnsureCorrect(); // a raw convolution, built without a net
        var actual = nn.functional.conv_transpose2d(tensor(input, [1, inC, h, w]), transposed[0].Weight).squeeze(0);
        Assert.Equal([(long)outC, h + kh - 1, w + kw - 1], actual.shape);
        var values = actual.data<float>().ToArray();
        for (int o = 0; o < outC; o++)
            for (int y = 0; y < h + kh - 1; y++)
                for (int x = 0; x < w + kw - 1; x++)
                    Assert.Equal(expected[o, y, x], values[(o * (h + kh - 1) + y) * (w + kw - 1) + x], 1e-4);
    }

    [SkippableFact]
    public void Keras_convolution_is_torch_conv2d_after_hwio_to_oihw()
    {
        // Keras Conv2D (valid) is a correlation: out[y, x, o] = Σ in[y+i, x+j, c] · K[i, j, c, o].
        string path = Weights("Syn_img_lowlight_withnoise.h5");
        using var file = H5File.OpenRead(path);
        var k = file.Group("conv2d_3").Dataset("conv2d_3/kernel:0").Read<float[]>();
        int ks = 5, inC = 8, outC = 8, h = 7, w = 6, oh = h - ks + 1, ow = w - ks + 1;
        var random = new Random(3);
        var input = Enumerable.Range(0, inC * h * w).Select(_ => (float)random.NextDouble()).ToArray();
        var (convolutions, _) = KerasWeights.ReadConvolutions(path);
        var layer = convolutions.Single(l => l.Name == "conv2d_3");
        using var scope = NewDisposeScope();
        TorchRuntime.EnsureCorrect(); // a raw convolution, built without a net
        var values = nn.functional.conv2d(tensor(input, [1, inC, h, w]), layer.Weight).data<float>().ToArray();
        for (int o = 0; o < outC; o++)
            for (int y = 0; y < oh; y++)
                for (int x = 0; x < ow; x++)
                {
                    double sum = 0;
                    for (int i = 0; i < ks; i++)
                        for (int j = 0; j < ks; j++)
                            for (int c = 0; c < inC; c++)
                                sum += input[(c * h + y + i) * w + x + j] * k[((i * ks + j) * inC + c) * outC + o];
                    Assert.Equal(sum, values[(o * oh + y) * ow + x], 1e-4);
                }
    }

    [SkippableFact]
    public void Mbllen_import_names_the_file_when_layers_are_missing_or_shapes_differ()
    {
        string path = Weights("LOL_img_lowlight.h5");
        var fewer = Assert.Throws<LumosException>(() => KerasWeights.ReadMbllen(path, new MbllenOptions { Branches = 9 }));
        Assert.Contains("expected 46 Conv2D", fewer.Message);
        var narrower = Assert.Throws<LumosException>(() => KerasWeights.ReadMbllen(path, new MbllenOptions { EnhancementChannels = 4 }));
        Assert.Contains("conv2d_2", narrower.Message);
        Assert.Contains("shape", narrower.Message);
        var absent = Assert.Throws<LumosException>(() => KerasWeights.ReadMbllen(path + ".missing", new MbllenOptions()));
        Assert.Contains("not found", absent.Message);
    }

    // Regressions for what fuzzing found (tests/fuzz, target h5): PureHDF reports a damaged file with its own Exception,
    // FormatException, NotSupportedException, a negative file offset, a null reference, or an array sized by a corrupt
    // header. Each must become one LumosException naming the file.
    [Fact]
    public void A_damaged_keras_file_fails_with_one_message_naming_it()
    {
        using var folder = TestData.TempFolder();
        var good = folder.File("good.h5");
        TinyKeras.Write(good);
        var bytes = File.ReadAllBytes(good);
        var damaged = folder.File("damaged.h5");
        var random = new Random(11);
        int refused = 0;
        for (int i = 0; i < 400; i++)
        {
            var copy = i % 10 == 0 ? bytes[..random.Next(bytes.Length)] : (byte[])bytes.Clone();
            for (int k = 0, n = 1 << random.Next(4); k < n; k++) copy[random.Next(copy.Length)] = (byte)random.Next(256);
            File.WriteAllBytes(damaged, copy);
            try { Dispose(KerasWeights.ReadConvolutions(damaged)); }
            catch (LumosException e)
            {
                Assert.Contains("damaged.h5", e.Message);
                refused++;
            }
        }
        Assert.InRange(refused, 40, 400);
    }

    [Fact]
    public void A_keras_kernel_whose_header_claims_two_to_the_forty_values_is_refused_before_reading()
    {
        using var folder = TestData.TempFolder();
        var path = folder.File("claims.h5");
        TinyKeras.Write(path);
        var bytes = File.ReadAllBytes(path);
        var good = KerasWeights.ReadConvolutions(path);
        Assert.Equal((6, 3), (good.Convolutions.Count, good.Transposed.Count));
        Dispose(good);
        // conv2d_1's kernel is (3, 3, 3, 2): its dataspace stores the four dimensions as little-endian 64-bit lengths.
        byte[] dims = [.. new long[] { 3, 3, 3, 2 }.SelectMany(BitConverter.GetBytes)];
        int at = bytes.AsSpan().IndexOf(dims);
        Assert.True(at > 0, "kernel dataspace not found");
        BitConverter.GetBytes(1L << 40).CopyTo(bytes, at);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<LumosException>(() => KerasWeights.ReadConvolutions(path));
        Assert.Contains("claims.h5: layer conv2d_1 kernel claims 19791209299968 values", e.Message);
    }

    // Inputs on which PureHDF never finished (afl "hangs", target h5): object-header continuations that lead back
    // into themselves. Kept as found (10 KB each) because they take the fuzzer's exact bytes to reach.
    [Theory]
    [InlineData("h5-looping-object-header.h5")]
    [InlineData("h5-rereads.h5")]
    public async Task A_keras_file_whose_hdf5_structure_loops_is_refused_not_read_forever(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "reference", "fuzz", name);
        var read = Task.Run(() => Assert.Throws<LumosException>(() => KerasWeights.ReadConvolutions(path)));
        Assert.Same(read, await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(60))));
        var e = await read;
        Assert.Contains(name, e.Message);
        Assert.Contains("not a readable", e.Message);
    }

    private static void Dispose((List<KerasWeights.Layer> Convolutions, List<KerasWeights.Layer> Transposed) layers)
    {
        foreach (var layer in layers.Convolutions.Concat(layers.Transposed))
        {
            layer.Weight.Dispose();
            layer.Bias.Dispose();
        }
    }
}
