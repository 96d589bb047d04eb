using System.Text.Json;
using Lumos.Measures;
using Lumos.Nets;
using OpenCvSharp;

namespace Lumos.Tests.Cli;

public sealed class InfoCommandTests
{
    [Fact]
    public void Info_json_reports_every_registered_measure_and_a_full_histogram()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("dark.png");
        using (var image = TestData.DarkColour()) Cv2.ImWrite(input, image);

        var result = Cli.Run("info", input, "--json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(96, json.GetProperty("width").GetInt32());
        foreach (var measure in QualityMeasures.NoReference)
            Assert.True(json.GetProperty("measures").TryGetProperty(measure.Name, out _), measure.Name);
        var histogram = json.GetProperty("histogram").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal(256, histogram.Length);
        Assert.Equal(96 * 64, histogram.Sum());
    }

    [Fact]
    public void Info_reports_a_measure_undefined_for_the_image_as_null_and_says_why()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("small.png");
        using (var image = TestData.DarkColour()) Cv2.ImWrite(input, image); // 96×64: less than two NIQE patches

        var json = JsonDocument.Parse(Cli.Run("info", input, "--json").Out).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("measures").GetProperty("niqe").ValueKind);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("measures").GetProperty("brightness").ValueKind);

        var table = Cli.Run("info", input);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("two 96×96 patches", table.Out);
    }

    [Fact]
    public void Info_writes_a_histogram_png_and_a_sparkline()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("dark.png");
        using (var image = TestData.DarkColour()) Cv2.ImWrite(input, image);
        var plot = folder.File("charts/hist.png");

        var result = Cli.Run("info", input, "--plot", plot);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("luma histogram", result.Out);
        using var chart = Cv2.ImRead(plot);
        Assert.Equal(new Size(800, 400), chart.Size());
    }

    [Fact]
    public void Info_on_a_bad_file_is_one_line_and_nonzero()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("broken.jpg");
        File.WriteAllText(input, "hello");
        var result = Cli.Run("info", input);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"lumos: {input}: not an image (content is text)", result.Error.Trim());
    }

    [Fact]
    public void Info_system_json_reports_versions_and_a_self_check_that_now_passes()
    {
        var result = Cli.Run("info", "--system", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(Environment.ProcessorCount, json.GetProperty("cores").GetInt32());
        Assert.StartsWith("2.10", json.GetProperty("libtorch").GetString());
        Assert.Matches(@"^\d+\.\d+", json.GetProperty("onnxRuntime").GetString());
        Assert.True(json.GetProperty("onnxRuntimeCheck").GetProperty("passed").GetBoolean());
        // The tests run on ONNX Runtime's CPU build: --device cuda is said to need the CUDA build.
        Assert.Contains("-p:LumosCuda=true", json.GetProperty("cuda").GetString());
        var torch = json.GetProperty("torch");
        if (torch.GetProperty("oneDnnMode").GetString() != "auto") return; // LUMOS_TORCH_ONEDNN set for this test run
        var final = torch.GetProperty(torch.GetProperty("oneDnnWrong").GetBoolean() ? "fallbackChecks" : "checks").EnumerateArray().ToArray();
        Assert.Equal(7, final.Length);
        Assert.All(final, c => Assert.True(c.GetProperty("passed").GetBoolean(), c.GetProperty("name").GetString()));
    }

    [Fact]
    public void Info_system_prints_the_onednn_state_and_each_check()
    {
        var result = Cli.Run("info", "--system");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("oneDNN", result.Out);
        Assert.Contains("libtorch", result.Out);
        if (TorchRuntime.EnsureCorrect().Mode == OneDnnMode.Auto) Assert.Contains("conv_transpose 8→3 k5 p0", result.Out);
    }

    [Fact]
    public async Task LUMOS_TORCH_ONEDNN_off_is_honoured_and_reported_by_info_system()
    {
        using var folder = TestData.TempFolder();
        var result = await Cli.RunProcess(folder.Path, new Dictionary<string, string> { ["LUMOS_TORCH_ONEDNN"] = "off" }, "info", "--system", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("", result.Error);
        var torch = JsonDocument.Parse(result.Out).RootElement.GetProperty("torch");
        Assert.Equal("off", torch.GetProperty("oneDnnMode").GetString());
        Assert.False(torch.GetProperty("oneDnn").GetBoolean());
        Assert.Equal(0, torch.GetProperty("checks").GetArrayLength());
    }

    [Theory]
    [InlineData(null, "PASSIVE")] // spinning threads stall every other process on the cores (OpenMpWaitPolicy)
    [InlineData("ACTIVE", "ACTIVE")] // a policy the user chose is kept
    public async Task Libtorch_threads_wait_passively_unless_the_user_chose_a_policy(string? userPolicy, string expected)
    {
        using var folder = TestData.TempFolder();
        string cli = Path.Combine(AppContext.BaseDirectory, "Lumos.Cli.dll");
        var result = await Cli.RunProgram("dotnet", folder.Path, new Dictionary<string, string?> { ["OMP_WAIT_POLICY"] = userPolicy }, cli, "info", "--system", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(expected, JsonDocument.Parse(result.Out).RootElement.GetProperty("ompWaitPolicy").GetString());
    }

    [Fact]
    public async Task An_invalid_LUMOS_TORCH_ONEDNN_is_one_line_and_nonzero()
    {
        using var folder = TestData.TempFolder();
        var result = await Cli.RunProcess(folder.Path, new Dictionary<string, string> { ["LUMOS_TORCH_ONEDNN"] = "fast" }, "info", "--system");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("lumos: LUMOS_TORCH_ONEDNN=fast is not valid: use on, off or auto", result.Error.TrimEnd());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Info_needs_an_image_or_system_but_not_both()
    {
        var neither = Cli.Run("info");
        Assert.Equal(2, neither.ExitCode);
        Assert.Equal("lumos: missing <image> (or --system to describe this machine)", neither.Error.Trim());

        var both = Cli.Run("info", "photo.png", "--system");
        Assert.Equal(2, both.ExitCode);
        Assert.Equal("lumos: give an image or --system, not both", both.Error.Trim());
    }
}
