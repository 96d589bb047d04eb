using System.Security.Cryptography;
using Lumos.Measures;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Import;
using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Tests.Nets.Import;

/// <summary>The converted official MBLLEN weights shipped as models/mbllen.lumosnet and models/mbllen-lol.lumosnet.</summary>
public sealed class MbllenWeightsTests
{
    /// <summary>Shipped checkpoint ← official Keras file, its sha256 and what it was trained on (models/mbllen/README.md).</summary>
    public static readonly (string Shipped, string Keras, string Sha256, string Data)[] Files =
    [
        ("mbllen", "Syn_img_lowlight_withnoise.h5", "40fa63cc1bfa1a072f3aa962b35710498de7d7d7f4a533cdea228ac573f70411",
            "official: synthetic low-light pairs with Poisson noise (VOC images; the official test script's default)"),
        ("mbllen-lol", "LOL_img_lowlight.h5", "3b7ee0e9970c6dd44cdb54d3533f1a2339e9b5e5ebdd88cd309b8d729e13afe1",
            "official: the synthetic-noise model fine-tuned on LOL"),
    ];

    private const string ConversionCommand = "LUMOS_REGENERATE_MODELS=1 dotnet test tests/Lumos.Tests --filter \"FullyQualifiedName~Shipped_mbllen_weights\"";

    private static string ShippedPath(string name) => Path.Combine(NetTestData.Models, name + Checkpoint.Extension);

    private static Module<Tensor, Tensor> Load(string name)
    {
        var net = Checkpoint.LoadNet("mbllen", new MbllenOptions(), ShippedPath(name));
        net.eval();
        return net;
    }

    /// <summary>A smooth dark RGB ramp both this test and tests/reference/make_mbllen.py rebuild: 0.02..0.3.</summary>
    private static Tensor FixedInput()
    {
        var y = arange(24, dtype: float32).view(1, 1, 24, 1);
        var x = arange(32, dtype: float32).view(1, 1, 1, 32);
        var c = arange(3, dtype: float32).view(1, 3, 1, 1);
        return 0.02f + 0.28f * (0.5f + 0.5f * sin(0.3f * x + 0.2f * y + c)) * (y + 1) / 24;
    }

    [SkippableFact]
    public void Shipped_mbllen_weights_equal_a_fresh_conversion_of_the_official_keras_files()
    {
        var shared = TestData.RequireShared();
        foreach (var (shipped, keras, sha256, data) in Files)
        {
            string source = Path.Combine(shared, "weights", "mbllen", keras), target = ShippedPath(shipped);
            using (var stream = File.OpenRead(source))
                Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(stream)));
            // LUMOS_REGENERATE_MODELS=1 rewrites the shipped checkpoints (the conversion command in models/mbllen/README.md).
            if (Environment.GetEnvironmentVariable("LUMOS_REGENERATE_MODELS") == "1")
            {
                using var fresh = new Mbllen(new MbllenOptions());
                KerasWeights.LoadMbllen(fresh, source, new MbllenOptions());
                Checkpoint.Save(target, fresh, new CheckpointMeta
                {
                    Arch = "mbllen",
                    Options = Checkpoint.OptionsOf(new MbllenOptions()),
                    Command = ConversionCommand,
                    Data = data,
                    Provenance = $"converted from the official MBLLEN Keras weights {keras} (sha256 {sha256}), https://github.com/Lvfeifan/MBLLEN models/ at commit 7225fc03fb27adc71ec4b57657dd55c3240df298; licence Apache-2.0 (models/mbllen/LICENSE); layout conversion Lumos.Nets.Import.KerasWeights",
                });
            }
            var meta = Checkpoint.ReadMeta(target);
            Assert.Equal("mbllen", meta.Arch);
            Assert.Contains(sha256, meta.Provenance);
            Assert.Contains("Apache-2.0", meta.Provenance);
            using var net = Load(shipped);
            var converted = KerasWeights.ReadMbllen(source, new MbllenOptions());
            foreach (var (key, value) in net.state_dict())
                Assert.True(value.allclose(converted[key], rtol: 0, atol: 0), $"{shipped}: {key} differs from {keras}");
            foreach (var tensor in converted.Values) tensor.Dispose();
        }
    }

    [Fact]
    public void Mbllen_output_on_a_fixed_input_matches_a_numpy_rebuild_of_the_official_keras_graph()
    {
        var reference = TestData.Reference("mbllen.json");
        foreach (var (shipped, _, _, _) in Files)
        {
            using var net = Load(shipped);
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var output = net.forward(FixedInput());
            var actual = output[0, .., 12, 16].data<float>().ToArray();
            var expected = reference.GetProperty(shipped);
            Assert.Equal(expected.GetProperty("mean").GetDouble(), output.mean().item<float>(), 1e-5);
            var pixel = expected.GetProperty("pixel").EnumerateArray().Select(p => p.GetDouble()).ToArray();
            for (int i = 0; i < 3; i++) Assert.Equal(pixel[i], actual[i], 1e-5);
        }
    }

    [SkippableFact]
    public void Mbllen_brightens_real_low_light_photos_and_keeps_niqe_sane()
    {
        var shared = TestData.RequireShared();
        var niqe = (IImageMeasure)QualityMeasures.Registry.Create("niqe");
        using var net = Load("mbllen");
        foreach (var name in new[] { "LIME/1.bmp", "DICM/01.jpg", "LOL-eval15-low/1.png" })
        {
            using var full = Cv2.ImRead(Path.Combine(shared, "lowlight", name), ImreadModes.Color);
            Skip.If(full.Empty(), name + " is absent");
            using var input = full.Resize(new OpenCvSharp.Size(full.Width / 2, full.Height / 2), interpolation: InterpolationFlags.Area); // CPU time
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            using var output = TensorBridge.ToMat(net.forward(TensorBridge.ToTensor(input)), input);
            double before = Cv2.Mean(input).Val0 + Cv2.Mean(input).Val1 + Cv2.Mean(input).Val2;
            double after = Cv2.Mean(output).Val0 + Cv2.Mean(output).Val1 + Cv2.Mean(output).Val2;
            double niqeBefore = niqe.Measure(input), niqeAfter = niqe.Measure(output);
            Console.WriteLine($"{name}: brightness {before / 3:F1} → {after / 3:F1}, NIQE {niqeBefore:F2} → {niqeAfter:F2}");
            Assert.True(after > 1.3 * before, $"{name}: mean {before / 3:F1} → {after / 3:F1}");
            Assert.InRange(niqeAfter, 1.0, 12.0);
        }
    }
}
