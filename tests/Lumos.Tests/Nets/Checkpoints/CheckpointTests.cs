using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Checkpoints;

public sealed class CheckpointTests
{
    [Fact]
    public void Save_then_load_gives_the_same_net_and_metadata()
    {
        using var scope = NewDisposeScope();
        using var folder = TestData.TempFolder();
        var options = new ZeroDceOptions { Channels = 8 };
        using var net = NetTestData.SeededZeroDce(options: options);
        var meta = new CheckpointMeta
        {
            Arch = "zerodce", Options = Checkpoint.OptionsOf(options), Command = "lumos train zerodce --steps 3",
            Data = "tests", Steps = 3, Metrics = { ["loss"] = 1.25 }, Provenance = "test",
        };
        var path = folder.File("net" + Checkpoint.Extension);
        Checkpoint.Save(path, net, meta);

        var (loaded, loadedMeta) = Checkpoint.Load(path);
        using var _ = loaded;
        loaded.eval();
        Assert.Equal(24, ((ZeroDce)loaded).CurveMaps(zeros(1, 3, 4, 4)).shape[1]);
        var input = NetTestData.RandomImage(19, 23);
        using var noGrad = no_grad();
        Assert.Equal(0.0, NetTestData.MaxDifference(net.forward(input), loaded.forward(input)));
        Assert.Equal(meta.Command, loadedMeta.Command);
        Assert.Equal(1.25, loadedMeta.Metrics["loss"]);
        Assert.Equal(8, loadedMeta.Options["channels"]!.GetValue<int>());
    }

    [Fact]
    public void A_long_per_step_loss_curve_is_saved_as_block_means()
    {
        using var scope = NewDisposeScope();
        using var folder = TestData.TempFolder();
        using var net = NetTestData.SeededZeroDce();
        var losses = Enumerable.Range(0, 10_000).Select(i => 1.0 / (1 + i)).ToList();
        var path = folder.File("long" + Checkpoint.Extension);
        Checkpoint.Save(path, net, new CheckpointMeta { Arch = "zerodce", Options = Checkpoint.OptionsOf(new ZeroDceOptions()), Steps = losses.Count, LossCurve = losses });

        var meta = Checkpoint.ReadMeta(path);
        Assert.Equal(8, meta.LossCurveStride);
        Assert.Equal(1250, meta.LossCurve.Count);
        Assert.Equal(losses.Take(8).Average(), meta.LossCurve[0], 12);
        Assert.Equal(losses.TakeLast(8).Average(), meta.LossCurve[^1], 12);
    }

    [Fact]
    public void A_shipped_checkpoint_loads_by_name()
    {
        using var scope = NewDisposeScope();
        using var net = NetTestData.SeededZeroDce();
        var name = "test-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(Checkpoint.ShippedFolder);
        var path = Path.Combine(Checkpoint.ShippedFolder, name + Checkpoint.Extension);
        try
        {
            Checkpoint.Save(path, net, new CheckpointMeta { Arch = "zerodce", Options = Checkpoint.OptionsOf(new ZeroDceOptions()) });
            Assert.Contains(name, Checkpoint.ShippedNames);
            Assert.Equal(path, Checkpoint.Resolve(name));
            using var other = NetTestData.SeededZeroDce(seed: 99);
            Checkpoint.LoadWeights(other, name);
            var input = NetTestData.RandomImage(8, 8);
            using var noGrad = no_grad();
            Assert.Equal(0.0, NetTestData.MaxDifference(net.forward(input), other.forward(input)));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Unknown_weights_name_the_shipped_checkpoints()
    {
        var e = Assert.Throws<LumosException>(() => Checkpoint.Resolve("no-such-net"));
        Assert.Contains("no-such-net", e.Message);
        Assert.Contains("shipped", e.Message);
    }

    [Fact]
    public void A_pytorch_zip_state_dict_written_by_pybridge_loads_exactly()
    {
        using var scope = NewDisposeScope();
        using var folder = TestData.TempFolder();
        using var net = NetTestData.SeededZeroDce();
        var path = folder.File("zerodce.pth");
        net.save_py(path);
        using var loaded = NetTestData.SeededZeroDce(seed: 42);
        Checkpoint.LoadWeights(loaded, path);
        var input = NetTestData.RandomImage(16, 16);
        using var noGrad = no_grad();
        Assert.Equal(0.0, NetTestData.MaxDifference(net.forward(input), loaded.forward(input)));
    }

    [Fact]
    public void A_state_dict_with_a_missing_and_a_foreign_key_fails_listing_both()
    {
        using var scope = NewDisposeScope();
        using var folder = TestData.TempFolder();
        using var conv = nn.Conv2d(3, 3, 1);
        var foreign = folder.File("conv.pth");
        conv.save_py(foreign);
        using var net = NetTestData.SeededZeroDce();
        var e = Assert.Throws<LumosException>(() => Checkpoint.LoadWeights(net, foreign));
        Assert.Contains("conv.pth", e.Message);
        Assert.Contains("missing keys: e_conv1.weight, e_conv1.bias", e.Message);
        Assert.Contains("unexpected keys: weight, bias", e.Message);

        var partial = folder.File("partial.pth");
        net.save_py(partial, skip: ["e_conv7.bias"]);
        var missing = Assert.Throws<LumosException>(() => Checkpoint.LoadWeights(net, partial));
        Assert.Contains("missing keys: e_conv7.bias", missing.Message);
        Assert.DoesNotContain("unexpected", missing.Message);
    }

    [Fact]
    public void A_state_dict_of_another_width_fails_listing_the_shape_mismatches()
    {
        using var scope = NewDisposeScope();
        using var folder = TestData.TempFolder();
        using var narrow = NetTestData.SeededZeroDce(options: new ZeroDceOptions { Channels = 16 });
        var path = folder.File("narrow.pth");
        narrow.save_py(path);
        using var net = NetTestData.SeededZeroDce();
        var e = Assert.Throws<LumosException>(() => Checkpoint.LoadWeights(net, path));
        Assert.Contains("shape mismatches: e_conv1.weight is [16×3×3×3] in the file, [32×3×3×3] in the net", e.Message);
    }

    [Fact]
    public void A_checkpoint_of_another_architecture_or_a_non_weights_file_fails_clearly()
    {
        using var folder = TestData.TempFolder();
        var text = folder.File("notes.pth");
        File.WriteAllText(text, "not a pickle");
        using var net = NetTestData.SeededZeroDce();
        var e = Assert.Throws<LumosException>(() => Checkpoint.LoadWeights(net, text));
        Assert.Contains("notes.pth", e.Message);
    }

    [SkippableFact]
    public void The_official_legacy_format_state_dict_reads_with_its_tensor_values()
    {
        var state = PyTorchStateDict.Read(NetTestData.OfficialZeroDceWeights());
        Assert.Equal(14, state.Count);
        Assert.Equal([32L, 3, 3, 3], state["e_conv1.weight"].shape);
        Assert.Equal([24L], state["e_conv7.bias"].shape);
        Assert.All(state.Values, t => Assert.True(isfinite(t).all().item<bool>()));
        Assert.True(state["e_conv1.weight"].abs().max().item<float>() is > 0.01f and < 10f);
        foreach (var t in state.Values) t.Dispose();
    }
}
