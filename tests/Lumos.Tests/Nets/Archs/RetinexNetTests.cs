using Lumos.Nets.Archs;
using TorchSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Archs;

public sealed class RetinexNetTests
{
    private static RetinexNet Seeded(RetinexNetOptions? options = null, int seed = 7)
    {
        random.manual_seed(seed);
        var net = new RetinexNet(options ?? new RetinexNetOptions());
        net.eval();
        return net;
    }

    [Fact]
    public void Retinexnet_has_444613_parameters_207748_in_decom_net_and_236865_in_enhance_net()
    {
        using var net = Seeded();
        // Decom-Net: 4→64 9×9, five 64→64 3×3, 64→4 3×3. Enhance-Net: 4→64 3×3, six 64→64 3×3, 192→64 1×1, 64→1 3×3. All with biases.
        Assert.Equal(444_613, NetArchs.ParameterCount(net));
        long decom = net.named_parameters().Where(p => RetinexNet.IsDecomParameter(p.name)).Sum(p => p.parameter.numel());
        Assert.Equal(4 * 64 * 81 + 64 + 5 * (64 * 64 * 9 + 64) + 64 * 4 * 9 + 4, decom);
        Assert.Equal([64L, 4, 9, 9], net.state_dict()["shallow.weight"].shape);
        Assert.Equal([64L, 192, 1, 1], net.state_dict()["fusion.weight"].shape);
        Assert.Equal([1L, 64, 3, 3], net.state_dict()["output.weight"].shape);
    }

    [Fact]
    public void A_small_net_equals_an_independent_pytorch_rebuild_of_the_official_model_in_float64()
    {
        using var scope = NewDisposeScope();
        var reference = TestData.Reference("retinexnet.json");
        double[] Values(System.Text.Json.JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];
        var options = new RetinexNetOptions { Channels = reference.GetProperty("channels").GetInt32(), DecomLayers = reference.GetProperty("decomLayers").GetInt32() };
        using var net = Seeded(options);
        net.to(ScalarType.Float64);
        var state = net.state_dict();
        using (no_grad())
            foreach (var weight in reference.GetProperty("weights").EnumerateObject())
            {
                long[] shape = [.. weight.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64())];
                state[weight.Name].copy_(tensor(Values(weight.Value.GetProperty("values")), shape));
            }
        long[] size = [.. reference.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64())];
        var input = tensor(Values(reference.GetProperty("input")), size);
        using var noGrad = no_grad();
        var (r, i) = net.Decompose(input);
        var adjusted = net.Adjust(r, i);
        foreach (var (name, actual) in new[] { ("reflectance", r), ("illumination", i), ("adjusted", adjusted), ("output", net.forward(input)) })
        {
            var expected = tensor(Values(reference.GetProperty(name)), actual.shape);
            Assert.True((expected - actual).abs().max().item<double>() < 1e-8, $"{name}: max difference {(expected - actual).abs().max().item<double>()}");
        }
    }

    [Theory]
    [InlineData(37, 53)]
    [InlineData(8, 8)]
    [InlineData(1, 5)]
    public void Decomposition_and_adjustment_keep_any_size_with_r_and_i_in_the_unit_interval(int height, int width)
    {
        using var scope = NewDisposeScope();
        using var net = Seeded();
        using var noGrad = no_grad();
        var input = Lumos.Tests.Nets.NetTestData.RandomImage(height, width);
        var (reflectance, illumination) = net.Decompose(input);
        Assert.Equal([1L, 3, height, width], reflectance.shape);
        Assert.Equal([1L, 1, height, width], illumination.shape);
        Assert.Equal([1L, 1, height, width], net.Adjust(reflectance, illumination).shape);
        Assert.Equal([1L, 3, height, width], net.forward(input).shape);
        foreach (var t in new[] { reflectance, illumination })
            Assert.True(t.min().item<float>() > 0 && t.max().item<float>() < 1);
    }

    [Fact]
    public void Decom_net_shares_weights_between_low_and_normal_images()
    {
        using var scope = NewDisposeScope();
        using var net = Seeded();
        using var noGrad = no_grad();
        var low = Lumos.Tests.Nets.NetTestData.RandomImage(16, 20, seed: 1) * 0.2;
        var normal = Lumos.Tests.Nets.NetTestData.RandomImage(16, 20, seed: 2);
        // One Decom-Net: the pair decomposed as one batch equals each image decomposed alone.
        var (pairR, pairI) = net.Decompose(cat([low, normal], 0));
        var (lowR, lowI) = net.Decompose(low);
        var (normalR, normalI) = net.Decompose(normal);
        Assert.True(pairR.allclose(cat([lowR, normalR], 0), atol: 1e-6) && pairI.allclose(cat([lowI, normalI], 0), atol: 1e-6));
    }

    private static RetinexNet SameWeights(RetinexNet source, RetinexNetOptions options)
    {
        var net = new RetinexNet(options);
        net.load_state_dict(source.state_dict());
        net.eval();
        return net;
    }

    [Fact]
    public void The_output_is_the_reflectance_times_the_adjusted_illumination_and_each_can_be_output_alone()
    {
        using var scope = NewDisposeScope();
        using var enhanced = Seeded();
        // The same weights in all three, copied: reseeding the global generator is not enough while other test classes draw from it in parallel.
        using var reflectance = SameWeights(enhanced, new RetinexNetOptions { Output = RetinexNetOutput.Reflectance });
        using var illumination = SameWeights(enhanced, new RetinexNetOptions { Output = RetinexNetOutput.Illumination });
        using var noGrad = no_grad();
        var input = Lumos.Tests.Nets.NetTestData.RandomImage(19, 23);
        var r = reflectance.forward(input);
        var i = illumination.forward(input);
        Assert.Equal([1L, 3, 19, 23], i.shape);
        Assert.True(i[.., 0].allclose(i[.., 2], 0, 0), "Î is repeated over the three channels");
        Assert.True(enhanced.forward(input).allclose(r * i, atol: 1e-6));
        Assert.True(r.allclose(enhanced.Decompose(input).Reflectance, 0, 0));
    }

    [Fact]
    public void Enhance_net_sees_beyond_its_input_pixel_through_the_encoder()
    {
        using var scope = NewDisposeScope();
        using var net = Seeded();
        using var noGrad = no_grad();
        var r = full([1, 3, 32, 32], 0.5f);
        var i = full([1, 1, 32, 32], 0.2f);
        var before = net.Adjust(r, i);
        i[0, 0, 2, 2] = 0.9f;
        var changed = (net.Adjust(r, i) - before).abs()[0, 0] > 1e-7;
        // A change at (2, 2) reaches (20, 20) only through the stride-8 level and the resize-up path.
        Assert.True(changed[20, 20].item<bool>(), "the encoder's coarse levels carry the change 18 pixels away");
        Assert.False(changed[31, 31].item<bool>() && changed[0, 31].item<bool>() && changed[31, 0].item<bool>(), "but not everywhere");
    }
}
