using Lumos.Nets.Inference;

namespace Lumos.Tests.Nets.Inference;

/// <summary>ONNX Runtime, the default engine of the built-in nets, checked against float64 as libtorch is.</summary>
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
}
