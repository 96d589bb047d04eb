using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Archs;

public sealed class PairLieTests
{
    private static PairLie Seeded(int seed = 7, PairLieOptions? options = null)
    {
        random.manual_seed(seed);
        var net = new PairLie(options ?? new PairLieOptions());
        net.eval();
        return net;
    }

    /// <summary>The fixed 1×3×12×16 input of tests/reference/make_pairlie.py.</summary>
    private static Tensor ReferenceInput()
    {
        var c = arange(3).view(3, 1, 1);
        var y = arange(12).view(1, 12, 1);
        var x = arange(16).view(1, 1, 16);
        return (0.02 + 0.015 * x + 0.01 * y + 0.05 * ((x + 2 * y + c) % 3)).to(ScalarType.Float32).unsqueeze(0);
    }

    private static string OfficialWeights()
    {
        var path = Path.Combine(TestData.RequireShared(), "weights", "pairlie", "PairLIE.pth");
        Skip.IfNot(File.Exists(path), $"{path} is absent");
        return path;
    }

    [Fact]
    public void Pairlie_has_341767_parameters_under_the_official_names_and_shapes()
    {
        using var net = Seeded();
        // Per sub-net: 3→64, three 64→64 and 64→out 3×3 convolutions with biases; out = 1 (L), 3 (R and P).
        Assert.Equal(341_767, NetArchs.ParameterCount(net));
        var expected = PairLie.SubNets.SelectMany(name => PairLie.ConvolutionIndices.SelectMany(i => new[] { $"{name}.{name}.{i}.weight", $"{name}.{name}.{i}.bias" }));
        Assert.Equal(expected.Order(), net.state_dict().Keys.Order());
        Assert.Equal([1L, 64, 3, 3], net.state_dict()["L_net.L_net.13.weight"].shape);
        Assert.Equal([3L, 64, 3, 3], net.state_dict()["R_net.R_net.13.weight"].shape);
        Assert.Equal([64L, 3, 3, 3], net.state_dict()["N_net.N_net.1.weight"].shape);
    }

    [Fact]
    public void Enhancement_is_the_illumination_to_the_exponent_times_the_reflectance_by_hand()
    {
        using var scope = NewDisposeScope();
        var illumination = tensor(new float[] { 0.25f, 1f }, [1, 1, 1, 2]);
        var reflectance = tensor(new float[] { 0.5f, 0.5f, 0.2f, 0.2f, 0.8f, 0.8f }, [1, 3, 1, 2]);
        // 0.25^0.5 = 0.5: each channel of the first pixel halves; L = 1 leaves the second pixel at R.
        var enhanced = PairLie.Enhance(illumination, reflectance, 0.5);
        Assert.Equal(new[] { 0.25f, 0.5f, 0.1f, 0.2f, 0.4f, 0.8f }, enhanced.flatten().data<float>().ToArray(), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Decomposition_has_one_illumination_channel_three_reflectance_channels_odd_sizes_and_unit_range()
    {
        using var scope = NewDisposeScope();
        using var net = Seeded();
        using var noGrad = no_grad();
        var input = NetTestData.RandomImage(37, 53);
        var (illumination, reflectance, projected) = net.Decompose(input);
        Assert.Equal([1L, 1, 37, 53], illumination.shape);
        Assert.Equal([1L, 3, 37, 53], reflectance.shape);
        Assert.Equal([1L, 3, 37, 53], projected.shape);
        var output = net.forward(input);
        Assert.Equal([1L, 3, 37, 53], output.shape);
        foreach (var t in new[] { illumination, reflectance, projected, output })
            Assert.True(t.min().item<float>() >= 0 && t.max().item<float>() <= 1);
        Assert.True(NetTestData.MaxDifference(reflectance, net.Reflectance(input)) == 0);
    }

    [Fact]
    public void Exponent_one_gives_back_the_projected_decomposition_and_exponent_zero_the_reflectance()
    {
        using var scope = NewDisposeScope();
        using var one = Seeded(options: new PairLieOptions { Exponent = 1 });
        using var zero = new PairLie(new PairLieOptions { Exponent = 0 });
        zero.load_state_dict(one.state_dict()); // copied: other test classes draw from the global generator in parallel
        zero.eval();
        using var noGrad = no_grad();
        var input = NetTestData.RandomImage(9, 11);
        var (illumination, reflectance, _) = one.Decompose(input);
        Assert.True(NetTestData.MaxDifference(one.forward(input), illumination * reflectance) < 1e-7);
        Assert.True(NetTestData.MaxDifference(zero.forward(input), reflectance) < 1e-7);
    }

    [SkippableFact]
    public void Official_weights_give_the_output_of_an_independent_pytorch_rebuild()
    {
        // tests/reference/make_pairlie.py: torch.nn.functional in float64 with its own reflection padding, as net.py and eval.py.
        var weights = OfficialWeights();
        var reference = TestData.Reference("pairlie.json");
        float[] Values(string key) => reference.GetProperty(key).EnumerateArray().Select(v => v.GetSingle()).ToArray();
        using var scope = NewDisposeScope();
        using var net = new PairLie(new PairLieOptions { Exponent = reference.GetProperty("exponent").GetDouble() });
        Checkpoint.LoadWeights(net, weights);
        net.eval();
        using var noGrad = no_grad();
        var input = ReferenceInput();
        var (illumination, reflectance, projected) = net.Decompose(input);
        foreach (var (key, actual) in new[] { ("output", net.forward(input)), ("illumination", illumination), ("reflectance", reflectance), ("projected", projected) })
        {
            var expected = Values(key);
            var values = actual.flatten().data<float>().ToArray();
            Assert.Equal(expected.Length, values.Length);
            double error = expected.Zip(values).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(error < 1e-5, $"{key}: max error {error}");
        }
    }

    [SkippableFact]
    public void Official_weights_exported_to_onnx_give_the_reference_output_too()
    {
        var weights = OfficialWeights();
        var reference = TestData.Reference("pairlie.json").GetProperty("output").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        using var scope = NewDisposeScope();
        var options = new PairLieOptions();
        using var net = new PairLie(options);
        Checkpoint.LoadWeights(net, weights);
        var exported = Lumos.Nets.Onnx.NetExport.FromNet(net, options);
        using var session = new Lumos.Onnx.OnnxNetSession(exported.Model, "PairLIE.pth");
        var output = session.Run(TensorBridge.ToPlanar(ReferenceInput())).Data;
        Assert.Equal(reference.Length, output.Length);
        double error = reference.Zip(output).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(error < 1e-5, $"max error {error}");
    }

    [SkippableFact]
    public void Official_weights_load_and_brighten_a_real_low_light_image()
    {
        var weights = OfficialWeights();
        var photo = Path.Combine(TestData.RequireShared(), "lowlight", "LOL-eval15-low", "1.png");
        Skip.IfNot(File.Exists(photo), $"{photo} is absent");
        using var scope = NewDisposeScope();
        using var net = new PairLie(new PairLieOptions());
        Checkpoint.LoadWeights(net, weights);
        net.eval();
        using var bgr = Cv2.ImRead(photo);
        using var small = bgr.Resize(new OpenCvSharp.Size(bgr.Cols / 4, bgr.Rows / 4), 0, 0, InterpolationFlags.Area);
        using var noGrad = no_grad();
        var input = TensorBridge.ToTensor(small);
        var output = net.forward(input);
        double before = input.mean().item<float>(), after = output.mean().item<float>();
        Assert.InRange(before, 0.0, 0.15);
        Assert.True(after > 2.5 * before, $"mean {before:F3} → {after:F3}");
        Assert.True(output.min().item<float>() >= 0 && output.max().item<float>() <= 1);
    }
}
