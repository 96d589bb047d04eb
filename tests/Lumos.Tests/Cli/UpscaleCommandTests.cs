using System.Text.Json;
using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Tests.Cli;

public sealed class UpscaleCommandTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Upscale_multiplies_odd_sizes_by_the_scale_with_matlab_bicubic(int scale)
    {
        using var folder = TestData.TempFolder();
        using var image = TestData.DarkColour(37, 53);
        Cv2.ImWrite(folder.File("odd.png"), image);

        var result = Cli.Run("upscale", folder.File("odd.png"), "-o", folder.File("big.png"), "--scale", scale.ToString(), "-m", "bicubic");

        Assert.Equal(0, result.ExitCode);
        using var written = Cv2.ImRead(folder.File("big.png"), ImreadModes.Unchanged);
        using var expected = MatlabResize.Bicubic(image, scale);
        Assert.Equal(new Size(37 * scale, 53 * scale), written.Size());
        Assert.Equal(0, Cv2.Norm(written, expected, NormTypes.INF));
    }

    [Fact]
    public void With_output_redirected_the_bar_is_drawn_on_standard_error_and_json_stays_clean()
    {
        using var folder = TestData.TempFolder();
        using (var image = TestData.DarkColour(96, 80)) Cv2.ImWrite(folder.File("a.png"), image);
        var output = new StringWriter();
        var error = new StringWriter();
        var progress = new StringWriter(); // standard error on a terminal

        int code = Lumos.Cli.LumosApp.Run(["upscale", folder.File("a.png"), "-o", folder.File("a-x3.png"), "-s", "3", "-m", "fsrcnn", "-p", "tile=40", "--json"],
            output, error, interactive: false, progress: progress);

        Assert.Equal(0, code);
        Assert.True(JsonDocument.Parse(output.ToString()).RootElement.GetProperty("succeeded").GetInt32() == 1, "standard output is one JSON document");
        // The bar's refresh is timed, so which fractions it drew varies; the fractions themselves are checked by
        // ProcessingJobTests.A_tiled_net_reports_progress_within_the_image_tile_by_tile.
        Assert.Contains("100%", progress.ToString());
        Assert.Contains("a.png", progress.ToString());
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void Upscale_keeps_16_bit_and_alpha_and_reports_json()
    {
        using var folder = TestData.TempFolder();
        using var wide = Imaging.ImageIOTests.RandomImage(MatType.CV_16UC4, 21, 11);
        Directory.CreateDirectory(folder.File("in"));
        Cv2.ImWrite(folder.File("in/cam.png"), wide);

        var result = Cli.Run("upscale", folder.File("in"), "-o", folder.File("out"), "--scale", "3", "--tile", "64", "--json");

        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal("bicubic", json.GetProperty("method").GetString());
        Assert.Equal(3, json.GetProperty("scale").GetInt32());
        Assert.Equal(1, json.GetProperty("succeeded").GetInt32());
        using var written = Cv2.ImRead(folder.File("out/cam.png"), ImreadModes.Unchanged);
        Assert.Equal(MatType.CV_16UC4, written.Type());
        Assert.Equal(new Size(63, 33), written.Size());
        using var alphaIn = wide.ExtractChannel(3);
        using var alphaExpected = MatlabResize.Bicubic(alphaIn, 3.0);
        using var alphaOut = written.ExtractChannel(3);
        Assert.Equal(0, Cv2.Norm(alphaExpected, alphaOut, NormTypes.INF));
    }

    [Theory]
    [InlineData("--scale", "5", "--scale must be 2, 3 or 4")]
    [InlineData("-m", "nosuch", "unknown upscaler 'nosuch'")]
    [InlineData("--tile", "4", "--tile must be at least 16")]
    public void Upscale_rejects_bad_options_with_one_line(string option, string value, string message)
    {
        using var folder = TestData.TempFolder();
        using (var image = TestData.DarkColour(8, 8)) Cv2.ImWrite(folder.File("a.png"), image);

        var result = Cli.Run("upscale", folder.File("a.png"), "-o", folder.File("b.png"), option, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.False(File.Exists(folder.File("b.png")));
    }

    [Theory, MemberData(nameof(BadInputTests.BadFiles), MemberType = typeof(BadInputTests))]
    public void Upscale_bad_input_gives_one_line_error_nonzero_exit_and_no_output(string kind, string reason)
    {
        using var folder = TestData.TempFolder();
        var input = BadInputTests.MakeBadFile(folder, kind);
        Directory.CreateDirectory(folder.File("out"));

        var result = Cli.Run("upscale", input, "-o", folder.File("out/result.png"), "--scale", "2");

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, line);
        Assert.Empty(Directory.GetFileSystemEntries(folder.File("out")));
    }
}
