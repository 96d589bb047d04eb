using System.Text.Json;
using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Cli;

public sealed class MeasureCommandTests
{
    [Fact]
    public void Measure_without_ref_runs_only_the_no_reference_measures()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("dark.png");
        using (var image = TestData.DarkColour()) Cv2.ImWrite(input, image);

        var result = Cli.Run("measure", input, "--json");

        Assert.Equal(0, result.ExitCode);
        var names = JsonDocument.Parse(result.Out).RootElement.GetProperty("measures").EnumerateObject().Select(p => p.Name);
        Assert.Equal(QualityMeasures.NoReference.Select(m => m.Name), names);
    }

    [Fact]
    public void Measure_with_ref_runs_every_measure_and_writes_infinity_for_identical_psnr()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("a.png");
        using (var image = TestData.DarkColour(200, 180)) Cv2.ImWrite(input, image);

        var result = Cli.Run("measure", input, "--ref", input, "--json");

        Assert.Equal(0, result.ExitCode);
        var measures = JsonDocument.Parse(result.Out).RootElement.GetProperty("measures");
        Assert.Equal(QualityMeasures.Registry.All.Select(m => m.Name), measures.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Infinity", measures.GetProperty("psnr").GetString());
        Assert.Equal(1.0, measures.GetProperty("ssim").GetDouble(), 12);
        Assert.Equal(0.0, measures.GetProperty("loe").GetDouble());
    }

    [Fact]
    public void Parameters_set_a_measure_as_sr_papers_report_it_and_undefined_values_give_their_reason()
    {
        using var folder = TestData.TempFolder();
        string a = folder.File("a.png"), b = folder.File("b.png"), tiny = folder.File("tiny.png");
        using var sr = TestData.DarkColour(60, 48, seed: 1);
        using var hr = TestData.DarkColour(60, 48, seed: 2);
        Cv2.ImWrite(a, sr);
        Cv2.ImWrite(b, hr);
        using (var small = TestData.DarkColour(8, 8)) Cv2.ImWrite(tiny, small);
        double onY = ((IReferenceMeasure)QualityMeasures.Registry.Get("psnr").Create([new("channel", "y"), new("crop-border", "3")])).Measure(sr, hr);

        var every = Cli.Run("measure", a, "--ref", b, "--measures", "psnr,ssim", "-p", "channel=y", "-p", "crop-border=3", "--json");
        var one = Cli.Run("measure", a, "--ref", b, "--measures", "psnr,ssim", "-p", "psnr.channel=y", "-p", "psnr.crop-border=3", "--json");

        Assert.True(every.ExitCode == 0 && one.ExitCode == 0, every.Error + one.Error);
        Assert.Equal(onY, JsonDocument.Parse(every.Out).RootElement.GetProperty("measures").GetProperty("psnr").GetDouble(), 12);
        Assert.Equal(onY, JsonDocument.Parse(one.Out).RootElement.GetProperty("measures").GetProperty("psnr").GetDouble(), 12);
        Assert.NotEqual(JsonDocument.Parse(every.Out).RootElement.GetProperty("measures").GetProperty("ssim").GetDouble(),
            JsonDocument.Parse(one.Out).RootElement.GetProperty("measures").GetProperty("ssim").GetDouble()); // only psnr got them
        Assert.Equal(2, Cli.Run("measure", a, "--ref", b, "--measures", "psnr", "-p", "ssim.channel=y").ExitCode);
        Assert.Equal(2, Cli.Run("measure", a, "-p", "bogus=1").ExitCode);

        var undefined = Cli.Run("measure", tiny, "--ref", tiny, "--measures", "ssim", "--json");
        var root = JsonDocument.Parse(undefined.Out).RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("measures").GetProperty("ssim").ValueKind);
        Assert.Contains("11×11", root.GetProperty("errors").GetProperty("ssim").GetString());
    }

    [Fact]
    public void Measure_table_shows_chosen_measures_with_their_direction()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("a.png");
        var reference = folder.File("b.png");
        using (var image = TestData.DarkColour(64, 48, seed: 1)) Cv2.ImWrite(input, image);
        using (var image = TestData.DarkColour(64, 48, seed: 2)) Cv2.ImWrite(reference, image);

        var result = Cli.Run("measure", input, "--ref", reference, "--measures", "psnr, ciede2000,brightness");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n');
        Assert.Contains(lines, l => l.Contains("psnr") && l.Contains("higher"));
        Assert.Contains(lines, l => l.Contains("ciede2000") && l.Contains("lower"));
        Assert.Contains(lines, l => l.Contains("brightness"));
        Assert.DoesNotContain(lines, l => l.Contains("ssim"));
    }

    [Fact]
    public void Measure_asks_for_a_reference_when_a_full_reference_measure_is_named_without_one()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("a.png");
        using (var image = TestData.DarkColour()) Cv2.ImWrite(input, image);

        var result = Cli.Run("measure", input, "--measures", "ssim");

        Assert.Equal(2, result.ExitCode); // how it was called, not the file
        Assert.Equal("lumos: ssim compares with a reference image, and none was given", result.Error.Trim());
    }

    [Fact]
    public void Measure_of_images_of_different_sizes_is_one_line_and_nonzero()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("a.png");
        var reference = folder.File("b.png");
        using (var image = TestData.DarkColour(64, 48)) Cv2.ImWrite(input, image);
        using (var image = TestData.DarkColour(48, 64)) Cv2.ImWrite(reference, image);

        var result = Cli.Run("measure", input, "--ref", reference, "--measures", "psnr");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("lumos: image is 64×48 but reference is 48×64: full-reference measures compare images of the same size", result.Error.Trim());
    }
}
