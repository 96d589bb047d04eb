using System.Text.Json;
using OpenCvSharp;

namespace Lumos.Tests.Cli;

public sealed class EnhanceCommandTests
{
    [Fact]
    public void Json_summary_lists_each_file_with_its_output_and_time()
    {
        using var folder = TestData.TempFolder();
        using (var image = TestData.DarkColour()) { Cv2.ImWrite(folder.File("a.png"), image); Cv2.ImWrite(folder.File("b.png"), image); }

        var result = Cli.Run("enhance", folder.File("*.png"), "-o", folder.File("out"), "-m", "clahe", "-p", "clip-limit=3", "--json", "--format", "tif");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("clahe", json.GetProperty("method").GetString());
        Assert.Equal("3", json.GetProperty("parameters").GetProperty("clip-limit").GetString());
        Assert.Equal(2, json.GetProperty("succeeded").GetInt32());
        Assert.False(json.GetProperty("interrupted").GetBoolean());
        var outputs = json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("output").GetString()!).ToArray();
        Assert.Equal([folder.File("out/a.tif"), folder.File("out/b.tif")], outputs);
        Assert.All(outputs, o => Assert.True(File.Exists(o)));
    }

    [Fact]
    public void Recursive_folder_input_mirrors_subfolders_and_keeps_16bit_and_alpha()
    {
        using var folder = TestData.TempFolder();
        Directory.CreateDirectory(folder.File("in/night"));
        using var wide = Imaging.ImageIOTests.RandomImage(MatType.CV_16UC4, 20, 10);
        Cv2.ImWrite(folder.File("in/night/cam.png"), wide);

        var result = Cli.Run("enhance", folder.File("in"), "-o", folder.File("out"), "-m", "dong", "-r");

        Assert.Equal(0, result.ExitCode);
        using var written = Cv2.ImRead(folder.File("out/night/cam.png"), ImreadModes.Unchanged);
        Assert.Equal(MatType.CV_16UC4, written.Type());
        using var alphaIn = wide.ExtractChannel(3);
        using var alphaOut = written.ExtractChannel(3);
        Assert.Equal(0, Cv2.Norm(alphaIn, alphaOut, NormTypes.INF));
    }

    [Fact]
    public void No_temporary_files_remain_after_a_batch()
    {
        using var folder = TestData.TempFolder();
        using (var image = TestData.DarkColour()) Cv2.ImWrite(folder.File("a.png"), image);
        Cli.Run("enhance", folder.File("a.png"), "-o", folder.File("out/a.jpg"), "-m", "lime");
        Assert.Equal(["a.jpg"], Directory.GetFiles(folder.File("out")).Select(Path.GetFileName));
    }
}
