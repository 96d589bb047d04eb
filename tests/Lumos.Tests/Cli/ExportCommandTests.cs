using System.Diagnostics;
using OpenCvSharp;

namespace Lumos.Tests.Cli;

public sealed class ExportCommandTests
{
    private static string Sample(string name) => Path.Combine(TestData.Samples, name);

    private static double MaxDifference(string a, string b)
    {
        using var x = Cv2.ImRead(a, ImreadModes.Unchanged);
        using var y = Cv2.ImRead(b, ImreadModes.Unchanged);
        Assert.Equal(x.Size(), y.Size());
        return Cv2.Norm(x, y, NormTypes.INF);
    }

    [Theory]
    [InlineData("fsrcnn", "fsrcnn-x3")]
    [InlineData("srcnn", "srcnn-x3")]  // bicubic-upsampled input, any scale: the trained ×3 is recorded and is the default
    [InlineData("espcn", "espcn-x3")]
    public void Upscale_runs_an_exported_model_with_no_flags_and_equals_the_built_in_method(string method, string checkpoint)
    {
        using var folder = TestData.TempFolder();
        var model = folder.File($"{checkpoint}.onnx");
        var export = Cli.Run("export", checkpoint, "-o", model);
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains(checkpoint, export.Out);

        // The export runs at the scale it records (its own, or SRCNN's trained one: its graph takes any).
        string viaOnnx = folder.File("onnx.png"), builtIn = folder.File("builtin.png");
        var a = Cli.Run("upscale", Sample("dark-coffee.png"), "-o", viaOnnx, "--onnx", model);
        var b = Cli.Run("upscale", Sample("dark-coffee.png"), "-o", builtIn, "-m", method, "--scale", "3");
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.Error + b.Error);
        using var input = Cv2.ImRead(Sample("dark-coffee.png"));
        using var output = Cv2.ImRead(viaOnnx);
        Assert.Equal(new Size(input.Width * 3, input.Height * 3), output.Size());
        Assert.True(MaxDifference(viaOnnx, builtIn) <= 1, $"{method}: the exported model differs from the built-in method");
    }

    [Theory]
    [InlineData("zerodce")]
    [InlineData("mbllen")] // the official post-processing is named in the metadata and applied
    public void Enhance_runs_an_exported_low_light_model_and_equals_the_built_in_method(string net)
    {
        using var folder = TestData.TempFolder();
        var model = folder.File($"{net}.onnx");
        Assert.Equal(0, Cli.Run("export", net, "-o", model).ExitCode);
        string viaOnnx = folder.File("onnx.png"), builtIn = folder.File("builtin.png");
        var a = Cli.Run("enhance", Sample("dark-coffee.png"), "-o", viaOnnx, "--onnx", model);
        var b = Cli.Run("enhance", Sample("dark-coffee.png"), "-o", builtIn, "-m", net);
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.Error + b.Error);
        Assert.True(MaxDifference(viaOnnx, builtIn) <= 1);
    }

    [SkippableFact]
    public void A_pytorch_state_dict_exports_with_its_arch_and_runs_like_the_method()
    {
        var weights = Nets.NetTestData.OfficialZeroDceWeights();
        using var folder = TestData.TempFolder();
        var model = folder.File("official.onnx");
        var refused = Cli.Run("export", weights, "-o", model);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--arch", refused.Error);
        Assert.Equal(0, Cli.Run("export", weights, "--arch", "zerodce", "-o", model).ExitCode);
        string viaOnnx = folder.File("onnx.png"), builtIn = folder.File("builtin.png");
        Assert.Equal(0, Cli.Run("enhance", Sample("dark-coffee.png"), "-o", viaOnnx, "--onnx", model).ExitCode);
        Assert.Equal(0, Cli.Run("enhance", Sample("dark-coffee.png"), "-o", builtIn, "-m", "zerodce", "-p", $"weights={weights}").ExitCode);
        Assert.True(MaxDifference(viaOnnx, builtIn) <= 1);
    }

    [Fact]
    public void The_two_engines_agree_on_a_shipped_net()
    {
        using var folder = TestData.TempFolder();
        string onnx = folder.File("onnx.png"), torch = folder.File("torch.png");
        Assert.Equal(0, Cli.Run("upscale", Sample("dark-coffee.png"), "-o", onnx, "-m", "fsrcnn", "--scale", "2").ExitCode);
        var result = Cli.Run("upscale", Sample("dark-coffee.png"), "-o", torch, "-m", "fsrcnn", "--scale", "2", "--engine", "torch");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.True(MaxDifference(onnx, torch) <= 1);
    }

    [Fact]
    public void Export_refuses_to_replace_files_and_names_bad_input_in_one_line()
    {
        using var folder = TestData.TempFolder();
        var model = folder.File("m.onnx");
        Assert.Equal(0, Cli.Run("export", "fsrcnn", "--scale", "2", "-o", model, "--json").ExitCode);
        var again = Cli.Run("export", "fsrcnn-x2", "-o", model);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error);
        var unknown = Cli.Run("export", "no-such-net", "-o", folder.File("x.onnx"));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Single(unknown.Error.Trim().Split('\n'));
        Assert.Equal(2, Cli.Run("export", "zerodce", "-o", folder.File("y.onnx"), "--opset", "9").ExitCode);
        Assert.False(File.Exists(folder.File("x.onnx")) || File.Exists(folder.File("y.onnx")));
    }

    [Fact]
    public void Cuda_without_the_cuda_provider_and_bad_engine_names_are_clear_errors()
    {
        using var folder = TestData.TempFolder();
        var output = folder.File("x.png");
        var cuda = Cli.Run("upscale", Sample("dark-coffee.png"), "-o", output, "-m", "fsrcnn", "--scale", "2", "--device", "cuda");
        Assert.Equal(1, cuda.ExitCode);
        Assert.Contains("CUDA", cuda.Error);
        Assert.Single(cuda.Error.Trim().Split('\n'));
        Assert.Equal(2, Cli.Run("enhance", Sample("dark-coffee.png"), "-o", output, "-m", "zerodce", "--engine", "tensorflow").ExitCode);
        Assert.False(File.Exists(output));
    }

    /// <summary>The built CLI next to the tests (the test project references it).</summary>
    private static string CliPath => Path.Combine(AppContext.BaseDirectory, "Lumos.Cli");

    [Fact]
    public void Onnx_runtime_inference_never_loads_libtorch()
    {
        using var folder = TestData.TempFolder();
        var model = folder.File("fsrcnn.onnx");
        Assert.Equal(0, Cli.Run("export", "fsrcnn-x2", "-o", model).ExitCode);
        foreach (var args in new[]
        {
            new[] { "upscale", Sample("dark-coffee.png"), "-o", folder.File("a.png"), "-m", "fsrcnn", "--scale", "2" },
            ["upscale", Sample("dark-coffee.png"), "-o", folder.File("b.png"), "--onnx", model, "--scale", "2"],
            ["enhance", Sample("dark-coffee.png"), "-o", folder.File("c.png"), "-m", "zerodce"],
            ["export", "mbllen", "-o", folder.File("d.onnx")],
        })
        {
            // glibc's loader reports every library it maps when LD_DEBUG=files.
            var start = new ProcessStartInfo(CliPath, args) { RedirectStandardError = true, RedirectStandardOutput = true };
            start.Environment["LD_DEBUG"] = "files";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            string loaderLog = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, string.Join(' ', args) + ": " + loaderLog[^Math.Min(2000, loaderLog.Length)..]);
            if (args[0] != "export") Assert.Contains("libonnxruntime", loaderLog);
            Assert.DoesNotContain("libtorch", loaderLog);
        }
    }
}
