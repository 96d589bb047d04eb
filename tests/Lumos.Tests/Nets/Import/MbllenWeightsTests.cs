using Lumos.Measures;
using Lumos.Nets.Archs;
using Lumos.Nets.Import;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Import;

/// <summary>The converted official MBLLEN weights shipped under models/mbllen/.</summary>
public sealed class MbllenWeightsTests
{
    /// <summary>Shipped file ← official Keras file (both documented in models/mbllen/README.md).</summary>
    public static readonly (string Shipped, string Keras)[] Files =
    [
        ("mbllen-syn-noise.dat", "Syn_img_lowlight_withnoise.h5"),
        ("mbllen-lol.dat", "LOL_img_lowlight.h5"),
    ];

    private static Mbllen Load(string shipped)
    {
        var net = new Mbllen(new MbllenOptions());
        net.load(Path.Combine(NetImages.Models, "mbllen", shipped));
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
        foreach (var (shipped, keras) in Files)
        {
            string source = Path.Combine(shared, "weights", "mbllen", keras), target = Path.Combine(NetImages.Models, "mbllen", shipped);
            // LUMOS_REGENERATE_MODELS=1 rewrites the shipped files (the conversion command in models/mbllen/README.md).
            if (Environment.GetEnvironmentVariable("LUMOS_REGENERATE_MODELS") == "1")
            {
                using var fresh = new Mbllen(new MbllenOptions());
                KerasWeights.LoadMbllen(fresh, source, new MbllenOptions());
                fresh.save(target);
            }
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
        foreach (var (shipped, _) in Files)
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
        using var net = Load("mbllen-syn-noise.dat");
        foreach (var name in new[] { "LIME/1.bmp", "DICM/01.jpg", "LOL-eval15-low/1.png" })
        {
            using var full = Cv2.ImRead(Path.Combine(shared, "lowlight", name), ImreadModes.Color);
            Skip.If(full.Empty(), name + " is absent");
            using var input = full.Resize(new OpenCvSharp.Size(full.Width / 2, full.Height / 2), interpolation: InterpolationFlags.Area); // CPU time
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            using var output = NetImages.ToBgrMat(net.forward(NetImages.ToRgbTensor(input)));
            double before = Cv2.Mean(input).Val0 + Cv2.Mean(input).Val1 + Cv2.Mean(input).Val2;
            double after = Cv2.Mean(output).Val0 + Cv2.Mean(output).Val1 + Cv2.Mean(output).Val2;
            double niqeBefore = niqe.Measure(input), niqeAfter = niqe.Measure(output);
            Console.WriteLine($"{name}: brightness {before / 3:F1} → {after / 3:F1}, NIQE {niqeBefore:F2} → {niqeAfter:F2}");
            Assert.True(after > 1.3 * before, $"{name}: mean {before / 3:F1} → {after / 3:F1}");
            Assert.InRange(niqeAfter, 1.0, 12.0);
        }
    }
}
