using Lumos.Nets;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lumos.Tests.Nets;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_in_the_test_output_despite_the_older_system_libstdcxx()
    {
        Assert.StartsWith("2.10", TorchRuntime.Version());
        using var scope = NewDisposeScope();
        var sum = (ones(2, 3) * 2).sum().item<float>();
        Assert.Equal(12f, sum);
    }

    // Regression tests: the shapes (full size) on which libtorch 2.10's oneDNN gave wrong float32 values on an
    // AMD EPYC Zen 5 VM. After EnsureCorrect every one must match float64 on whatever machine runs the tests;
    // three seeds, as the wrong kernels were not wrong on every run.

    [Fact]
    public void Conv_transpose_8_to_3_k5_matches_float64_on_this_machine() =>
        AssertMatchesFloat64(new ConvolutionCheck(ConvolutionOp.Transposed, 1, 8, 3, 5, 0, 60));

    [Fact]
    public void Conv_12_to_12_k3_forward_matches_float64_on_this_machine() =>
        AssertMatchesFloat64(new ConvolutionCheck(ConvolutionOp.Forward, 4, 12, 12, 3, 1, 32));

    [Theory]
    [InlineData(32, 8, 3, 1)]
    [InlineData(8, 8, 5, 0)]
    [InlineData(1, 56, 5, 2)]
    [InlineData(12, 12, 3, 1)]
    [InlineData(32, 1, 5, 2)]
    public void Conv_input_gradient_matches_float64_on_this_machine(int inChannels, int outChannels, int kernel, int padding) =>
        AssertMatchesFloat64(new ConvolutionCheck(ConvolutionOp.InputGradient, 4, inChannels, outChannels, kernel, padding, 32));

    private static void AssertMatchesFloat64(ConvolutionCheck check)
    {
        TorchRuntime.EnsureCorrect();
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var result = check.Run(seed);
            Assert.True(result.Passed, $"{result} (seed {seed})");
        }
    }

    [Fact]
    public void After_EnsureCorrect_the_self_check_passes_with_the_backend_in_use()
    {
        var report = TorchRuntime.EnsureCorrect();
        Assert.Same(report, TorchRuntime.EnsureCorrect()); // once per process
        Assert.True(report.Mode != OneDnnMode.Auto || report.OneDnnEnabled != report.OneDnnWrong, "auto mode switches oneDNN off exactly when it was wrong");
        foreach (var check in ConvolutionCheck.SelfCheck)
        {
            var result = check.Run(seed: 4);
            Assert.True(result.Passed, result.ToString());
        }
    }

    [Fact]
    public void The_relative_error_of_a_correct_float32_convolution_is_tiny_and_of_a_corrupted_one_is_not()
    {
        using var scope = NewDisposeScope();
        var input = rand(new long[] { 1, 3, 9, 9 }, float64, generator: new Generator(5));
        var weight = rand(new long[] { 4, 3, 3, 3 }, float64, generator: new Generator(6));
        var expected = F.conv2d(input, weight).data<double>().ToArray();
        var correct = expected.Select(v => (float)v).ToArray();
        Assert.True(ConvolutionCheck.RelativeError(correct, expected) < 1e-6);

        var corrupted = (float[])correct.Clone();
        corrupted[17] += 0.01f * (float)expected.Max(Math.Abs); // one element off by 1 % of the output's range
        double error = ConvolutionCheck.RelativeError(corrupted, expected);
        Assert.InRange(error, 0.009, 0.011);
        Assert.False(new ConvolutionCheckResult("corrupted", error).Passed);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_non_finite_float32_value_fails_the_comparison(float bad)
    {
        double[] expected = [1, -2, 3];
        float[] actual = [1, bad, 3];
        double error = ConvolutionCheck.RelativeError(actual, expected);
        Assert.True(double.IsNaN(error));
        Assert.False(new ConvolutionCheckResult("non-finite", error).Passed);
    }

    [Fact]
    public void A_wrong_onednn_is_switched_off_checked_again_and_reported_in_one_line()
    {
        var backend = new FakeBackend(wrongWithOneDnn: true, wrongWithout: false);
        var log = new List<string>();

        var report = TorchRuntime.Resolve(OneDnnMode.Auto, backend, log.Add);

        Assert.False(report.OneDnnEnabled);
        Assert.True(report.OneDnnWrong);
        Assert.Equal(2, backend.Checks);
        Assert.True(backend.Prepared);
        Assert.Contains(report.Checks, c => !c.Passed);
        Assert.All(report.FallbackChecks, c => Assert.True(c.Passed));
        var line = Assert.Single(log);
        Assert.Equal("lumos: libtorch's oneDNN convolutions are wrong on this CPU (conv_transpose 8→3 k5 p0 rel. error 3.1e-1); oneDNN switched off", line);
    }

    [Fact]
    public void A_correct_onednn_stays_on_after_one_check_and_nothing_is_logged()
    {
        var backend = new FakeBackend(wrongWithOneDnn: false, wrongWithout: false);
        var log = new List<string>();
        var report = TorchRuntime.Resolve(OneDnnMode.Auto, backend, log.Add);
        Assert.True(report.OneDnnEnabled);
        Assert.False(report.OneDnnWrong);
        Assert.Equal(1, backend.Checks);
        Assert.Empty(report.FallbackChecks);
        Assert.Empty(log);
    }

    [Fact]
    public void Convolutions_still_wrong_without_onednn_give_a_one_line_error()
    {
        var backend = new FakeBackend(wrongWithOneDnn: true, wrongWithout: true);
        var e = Assert.Throws<LumosException>(() => TorchRuntime.Resolve(OneDnnMode.Auto, backend, _ => { }));
        Assert.Equal("libtorch's convolutions are wrong on this CPU even with oneDNN off (conv_transpose 8→3 k5 p0 rel. error NaN); set LUMOS_TORCH_ONEDNN=on to run anyway", e.Message);
    }

    [Fact]
    public void Mode_on_trusts_onednn_without_checking_and_mode_off_switches_it_off_without_checking()
    {
        var trusted = new FakeBackend(wrongWithOneDnn: true, wrongWithout: false);
        var on = TorchRuntime.Resolve(OneDnnMode.On, trusted, _ => throw new InvalidOperationException("logged"));
        Assert.True(on.OneDnnEnabled);
        Assert.Equal(0, trusted.Checks);
        Assert.False(trusted.Prepared);

        var switchedOff = new FakeBackend(wrongWithOneDnn: false, wrongWithout: false);
        var off = TorchRuntime.Resolve(OneDnnMode.Off, switchedOff, _ => throw new InvalidOperationException("logged"));
        Assert.False(off.OneDnnEnabled);
        Assert.False(switchedOff.OneDnnEnabled);
        Assert.Equal(0, switchedOff.Checks);
        Assert.Empty(off.Checks);
    }

    [Theory]
    [InlineData(null, OneDnnMode.Auto)]
    [InlineData("", OneDnnMode.Auto)]
    [InlineData("auto", OneDnnMode.Auto)]
    [InlineData(" ON ", OneDnnMode.On)]
    [InlineData("off", OneDnnMode.Off)]
    public void LUMOS_TORCH_ONEDNN_accepts_on_off_and_auto(string? value, OneDnnMode mode) =>
        Assert.Equal(mode, TorchRuntime.ParseMode(value));

    [Theory]
    [InlineData("yes")]
    [InlineData("0")]
    public void Any_other_LUMOS_TORCH_ONEDNN_value_is_a_one_line_error(string value)
    {
        var e = Assert.Throws<LumosException>(() => TorchRuntime.ParseMode(value));
        Assert.Equal($"LUMOS_TORCH_ONEDNN={value} is not valid: use on, off or auto", e.Message);
    }

    /// <summary>A libtorch whose first check (transposed convolution) is wrong as told, with or without oneDNN.</summary>
    private sealed class FakeBackend(bool wrongWithOneDnn, bool wrongWithout) : TorchRuntime.ITorchBackend
    {
        public bool OneDnnEnabled { get; set; } = true;
        public bool Prepared { get; private set; }
        public int Checks { get; private set; }

        public void Prepare() => Prepared = true;

        public IReadOnlyList<ConvolutionCheckResult> Check()
        {
            Checks++;
            bool wrong = OneDnnEnabled ? wrongWithOneDnn : wrongWithout;
            double first = !wrong ? 2e-7 : OneDnnEnabled ? 0.31 : double.NaN;
            return ConvolutionCheck.SelfCheck.Select((c, i) => new ConvolutionCheckResult(c.Name, i == 0 ? first : 1e-7)).ToArray();
        }
    }
}
