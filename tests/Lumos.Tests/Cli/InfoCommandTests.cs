using System.Text.Json;
using Lumos.Measures;
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
}
