using Lumos.Onnx;

namespace Lumos.Tests.Onnx;

/// <summary>ONNX Runtime, the default engine of the built-in nets and the runner of ONNX model files, checked against float64 as libtorch is.</summary>
public sealed class OnnxRuntimeCheckTests
{
    [Fact]
    public void Onnx_runtime_convolutions_match_float64_on_this_machine_to_float32_rounding()
    {
        foreach (int seed in new[] { 1, 2, 3 })
        {
            double error = OnnxRuntimeCheck.Measure(seed);
            // Above zero: the float32 graph and the float64 reference are computed apart; near 1e-7: they agree.
            Assert.InRange(error, 1e-10, 1e-5);
        }
        Assert.Equal(OnnxRuntimeCheck.Measure(), OnnxRuntimeCheck.RelativeError);
    }

    [Fact]
    public void A_wrong_or_nan_result_refuses_the_onnx_engine_and_names_the_way_out()
    {
        OnnxRuntimeCheck.Require(3e-7);
        foreach (double wrong in new[] { 0.31, double.NaN })
        {
            var refusal = Assert.Throws<LumosException>(() => OnnxRuntimeCheck.Require(wrong));
            Assert.Contains("--engine torch", refusal.Message);
            Assert.Single(refusal.Message.Split('\n'));
        }
    }

    [Fact]
    public void Where_the_check_fails_an_onnx_model_file_is_refused_like_a_built_in_net_and_no_output_is_written()
    {
        using var folder = TestData.TempFolder();
        var model = folder.File("fsrcnn-x2.onnx");
        Assert.Equal(0, Tests.Cli.Cli.Run("export", "fsrcnn-x2", "-o", model).ExitCode);
        var input = Path.Combine(TestData.Samples, "dark-coffee.png");
        using (OnnxRuntimeCheck.Pretend(0.31))
            foreach (var run in new[] { new[] { "upscale", input, "-o", folder.File("file.png"), "--onnx", model }, ["upscale", input, "-o", folder.File("net.png"), "-m", "fsrcnn", "--scale", "2"] })
            {
                var refused = Tests.Cli.Cli.Run(run);
                Assert.Equal(1, refused.ExitCode);
                Assert.Contains("wrong convolutions", refused.Error);
                Assert.Single(refused.Error.Trim().Split('\n'));
                Assert.False(File.Exists(run[3]));
            }
        // This machine's own result passes: the same file runs.
        Assert.Equal(0, Tests.Cli.Cli.Run("upscale", input, "-o", folder.File("file.png"), "--onnx", model).ExitCode);
    }
}
