using System.Diagnostics;
using Lumos.Imaging;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using Lumos.Nets.Onnx;
using Lumos.Onnx;
using Lumos.Registry;
using OpenCvSharp;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Tests.Nets.Onnx;

/// <summary>
/// Every built-in net's ONNX graph against its TorchSharp forward pass run in float64 — float64 convolutions do not
/// go through oneDNN, so the reference is right on every CPU — on random and real inputs.
/// </summary>
public sealed class NetExportTests
{
    public static TheoryData<string> ShippedCheckpoints()
    {
        var data = new TheoryData<string>();
        foreach (var name in Checkpoint.ShippedNames) data.Add(name);
        return data;
    }

    public static TheoryData<string, string> ArchsWithRandomWeights() => new()
    {
        { "zerodce", "{}" },
        { "zerodce", """{"sharedCurves": true, "iterations": 4}""" },
        { "pairlie", "{}" },
        { "pairlie", """{"channels": 8, "exponent": 0.14}""" },
        { "mbllen", "{}" },
        { "dncnn", "{}" },
        { "dncnn", """{"depth": 5, "features": 8, "channels": 1}""" },
        { "retinexnet", "{}" },
        { "retinexnet", """{"channels": 8, "decomLayers": 2, "output": 1}""" },
        { "retinexnet", """{"channels": 8, "output": 2}""" },
        { "srcnn", "{}" },
        { "srcnn", """{"mappingKernel": 5}""" },
        { "fsrcnn", """{"scale": 2}""" },
        { "fsrcnn", """{"scale": 3, "channels": 3}""" },
        { "espcn", """{"scale": 4}""" },
        { "vdsr", "{}" },
        { "srresnet", """{"scale": 4, "blocks": 4}""" },
        { "srresnet", """{"scale": 2}""" },
    };

    [Theory, MemberData(nameof(ShippedCheckpoints))]
    public void Shipped_checkpoint_on_onnx_runtime_equals_torchsharp_in_float64_on_random_and_real_inputs(string name)
    {
        using var scope = NewDisposeScope();
        var (net, meta) = Checkpoint.Load(name);
        using var _ = net;
        var exported = NetExport.FromCheckpoint(name);
        using var session = new OnnxNetSession(exported.Model, name);
        int channels = exported.Signature.Channels;
        foreach (var input in new[] { RandomInput(channels, 41, 57, 5), RealInput(channels, 48, 64) })
        {
            var expected = Float64Forward(net, input);
            var actual = session.Run(input);
            AssertClose(expected, actual, 1e-5, $"{name} ({meta.Arch})");
        }
    }

    [Theory, MemberData(nameof(ArchsWithRandomWeights))]
    public void Every_exportable_arch_with_random_weights_matches_torchsharp_in_float64(string arch, string optionsJson)
    {
        using var scope = NewDisposeScope();
        var info = NetArchs.Registry.Get(arch);
        var options = System.Text.Json.JsonSerializer.Deserialize(optionsJson, info.OptionsType!, new System.Text.Json.JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        random.manual_seed(17);
        using var net = info.Create(options);
        RandomiseBatchNormStatistics(net);
        net.eval();
        var exported = NetExport.FromNet(net, options);
        using var session = new OnnxNetSession(exported.Model, arch);
        var input = RandomInput(exported.Signature.Channels, 23, 31, 9);
        AssertClose(Float64Forward(net, input), session.Run(input), 1e-5, arch);
    }

    [Fact]
    public void Every_registered_image_net_is_exportable()
    {
        var images = NetArchs.Registry.All.Where(a => a.Name != "srgan-discriminator").Select(a => a.Name).ToArray();
        Assert.All(images, name => Assert.True(typeof(IOnnxExportable).IsAssignableFrom(NetArchs.Registry.Get(name).Type), $"{name} has no ONNX description"));
        var covered = ArchsWithRandomWeights().Select(row => (string)row[0]).ToHashSet();
        Assert.All(images, name => Assert.Contains(name, covered));
    }

    [Fact]
    public void Checkpoint_weights_read_without_libtorch_equal_the_loaded_state_dict()
    {
        foreach (var name in Checkpoint.ShippedNames)
        {
            var (_, _, plain) = Checkpoint.ReadPlain(name);
            var (net, _) = Checkpoint.Load(name);
            using (net)
            {
                var loaded = NetWeights.Of(net);
                Assert.Equal(loaded.Keys.Order(), plain.Keys.Order());
                foreach (var (key, weight) in loaded)
                {
                    Assert.Equal(weight.Shape, plain[key].Shape);
                    Assert.Equal(weight.Values, plain[key].Values);
                }
            }
        }
    }

    [Fact]
    public void A_truncated_weights_stream_is_a_clear_error()
    {
        using var net = NetTestData.SeededZeroDce();
        using var full = new MemoryStream();
        net.save(full);
        var bytes = full.ToArray();
        var truncated = new MemoryStream(bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<LumosException>(() => NetWeights.Read(truncated, "half.bin"));
        Assert.StartsWith("half.bin: truncated weights", error.Message);
    }

    [Fact]
    public void A_description_that_skips_a_weight_or_asks_for_a_missing_one_fails()
    {
        var weights = new Dictionary<string, WeightTensor>
        {
            ["a.weight"] = new([1, 1, 3, 3], new float[9]),
            ["b.weight"] = new([1, 1, 1, 1], new float[1]),
        };
        var graph = new OnnxGraph(weights);
        var output = graph.Conv(graph.Input, "a", padding: 1);
        var unused = Assert.Throws<InvalidOperationException>(() => graph.ToModel(output, "t", new NetSignature("low-light", 1, 1, false, 1), new Dictionary<string, string>(), 17));
        Assert.Contains("b.weight", unused.Message);
        var missing = Assert.Throws<LumosException>(() => new OnnxGraph(weights).Conv("input", "c"));
        Assert.Equal("the weights lack 'c.weight'", missing.Message);
        Assert.Throws<LumosException>(() => NetExport.FromCheckpoint("zerodce", opset: 12));
    }

    [Fact]
    public void Export_records_the_signature_in_the_model_metadata()
    {
        var exported = NetExport.FromCheckpoint("srcnn-x3");
        using var session = new OnnxNetSession(exported.Model, "srcnn-x3");
        Assert.Equal("srcnn", session.Info.Arch);
        Assert.Equal(new NetSignature("super-resolution", 1, 1, true, 8), session.Info.Signature); // the shipped 9-5-5: radius 4 + 2 + 2
        using var mbllen = new OnnxNetSession(NetExport.FromCheckpoint("mbllen").Model, "mbllen");
        Assert.Equal("mbllen", mbllen.Info.PostProcess);
        Assert.Equal(3, mbllen.Info.Signature!.Channels);
    }

    [SkippableTheory]
    [InlineData("zerodce", 17)]
    [InlineData("mbllen", 17)]
    [InlineData("fsrcnn-x3", 17)]
    [InlineData("espcn-x3", 13)]
    [InlineData("srcnn-x3", 15)]
    public void Exported_shipped_models_pass_the_official_onnx_checker(string name, int opset)
    {
        using var folder = TestData.TempFolder();
        var path = folder.File($"{name}.onnx");
        File.WriteAllBytes(path, NetExport.FromCheckpoint(name, opset).Model);
        AssertPassesChecker(path);
    }

    [SkippableTheory, MemberData(nameof(ArchsWithRandomWeights))]
    public void Exported_random_nets_pass_the_official_onnx_checker(string arch, string optionsJson)
    {
        var info = NetArchs.Registry.Get(arch);
        var options = System.Text.Json.JsonSerializer.Deserialize(optionsJson, info.OptionsType!, new System.Text.Json.JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        using var net = info.Create(options);
        using var folder = TestData.TempFolder();
        var path = folder.File($"{arch}.onnx");
        File.WriteAllBytes(path, NetExport.FromNet(net, options).Model);
        AssertPassesChecker(path);
    }

    /// <summary>Debian's python3-onnx (1.12): onnx.checker with full shape inference; skips visibly where it is absent.</summary>
    private static void AssertPassesChecker(string path)
    {
        const string python = "/usr/bin/python3";
        Skip.IfNot(File.Exists(python), "python3 is absent");
        var probe = Process.Start(new ProcessStartInfo(python, ["-c", "import onnx"]) { RedirectStandardError = true })!;
        probe.WaitForExit();
        Skip.If(probe.ExitCode != 0, "python3-onnx is absent (apt install python3-onnx)");
        var check = Process.Start(new ProcessStartInfo(python, ["-c", "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')", path])
        { RedirectStandardError = true, RedirectStandardOutput = true })!;
        string output = check.StandardOutput.ReadToEnd(), error = check.StandardError.ReadToEnd();
        check.WaitForExit();
        Assert.True(check.ExitCode == 0 && output.Trim() == "ok", $"onnx.checker: {error}");
    }

    private static PlanarImage Float64Forward(Module<Tensor, Tensor> net, PlanarImage input)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        net.to(ScalarType.Float64);
        try { return TensorBridge.ToPlanar(net.forward(TensorBridge.ToTensor(input).to(ScalarType.Float64))); }
        finally { net.to(ScalarType.Float32); }
    }

    private static void RandomiseBatchNormStatistics(Module net)
    {
        using var noGrad = no_grad();
        foreach (var (name, buffer) in net.named_buffers())
        {
            if (name.EndsWith("running_mean")) buffer.copy_(randn_like(buffer) * 0.1);
            if (name.EndsWith("running_var")) buffer.copy_(rand_like(buffer) + 0.5);
        }
    }

    internal static PlanarImage RandomInput(int channels, int height, int width, int seed)
    {
        var generator = new Random(seed);
        var image = new PlanarImage(channels, height, width);
        for (int i = 0; i < image.Data.Length; i++) image.Data[i] = generator.NextSingle();
        return image;
    }

    /// <summary>A crop of the bundled dark photo: RGB, or its MATLAB Y for one-channel nets.</summary>
    private static PlanarImage RealInput(int channels, int height, int width)
    {
        using var photo = Cv2.ImRead(Path.Combine(TestData.Samples, "dark-coffee.png"));
        using var crop = new Mat(photo, new Rect(100, 80, width, height));
        if (channels == 3) return PlanarImage.FromBgr(crop);
        using var ycc = Lumos.Imaging.ColourSpace.MatlabYCbCr(crop);
        using var y = ycc.ExtractChannel(0);
        return PlanarImage.FromPlane(y);
    }

    /// <summary>Largest difference relative to the reference's range (at least 1).</summary>
    private static void AssertClose(PlanarImage expected, PlanarImage actual, double tolerance, string what)
    {
        Assert.Equal((expected.Channels, expected.Height, expected.Width), (actual.Channels, actual.Height, actual.Width));
        double range = Math.Max(1, expected.Data.Max() - expected.Data.Min());
        double worst = expected.Data.Zip(actual.Data, (e, a) => Math.Abs(e - (double)a)).Max() / range;
        Assert.True(worst <= tolerance, $"{what}: ONNX Runtime differs from float64 TorchSharp by {worst:E2} of the output range");
    }
}
