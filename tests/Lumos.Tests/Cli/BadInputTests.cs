using System.Buffers.Binary;
using OpenCvSharp;

namespace Lumos.Tests.Cli;

/// <summary>
/// Every kind of bad input gets one line on standard error naming the file and the reason, a non-zero
/// exit code, no stack trace and no output file (temporary or final) left behind.
/// </summary>
public sealed class BadInputTests
{
    public static TheoryData<string, string> BadFiles() => new()
    {
        { "missing", "file not found" },
        { "folder", "is a folder" },
        { "zero-byte", "empty file (0 bytes)" },
        { "truncated-png", "truncated PNG" },
        { "truncated-jpeg", "truncated JPEG" },
        { "text-as-png", "not an image (content is text)" },
        { "unsupported-extension", "unsupported extension '.gif'" },
        { "zero-width", "image is 0×1, smaller than the 1×1 minimum" },
        { "huge-header", "60000×60000" },
    };

    [Theory, MemberData(nameof(BadFiles))]
    public void Bad_input_gives_one_line_error_nonzero_exit_and_no_output(string kind, string reason)
    {
        using var folder = TestData.TempFolder();
        var input = MakeBadFile(folder, kind);
        var output = folder.File("out/result.png");
        Directory.CreateDirectory(folder.File("out"));

        var result = Cli.Run("enhance", input, "-o", output, "-m", "gamma");

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Path.GetFileName(input), line);
        Assert.Contains(reason, line);
        Assert.DoesNotContain(" at ", result.Error);
        Assert.Empty(Directory.GetFileSystemEntries(folder.File("out")));
    }

    [Fact]
    public void Unwritable_output_folder_is_reported_and_leaves_nothing()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("dark.png");
        using (var image = TestData.DarkColour()) Cv2.ImWrite(input, image);
        var blocker = folder.File("not-a-folder");
        File.WriteAllText(blocker, "a file where a folder should be");

        var result = Cli.Run("enhance", input, "-o", Path.Combine(blocker, "result.png"), "-m", "gamma");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("result.png", result.Error);
        Assert.Contains("cannot create output folder", result.Error);
        Assert.Equal(["dark.png", "not-a-folder"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Existing_output_is_kept_without_overwrite_and_replaced_with_it()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("dark.png");
        using (var image = TestData.DarkColour()) Cv2.ImWrite(input, image);
        var output = folder.File("result.png");
        File.WriteAllText(output, "precious");

        var refused = Cli.Run("enhance", input, "-o", output, "-m", "gamma");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already exists (use --overwrite", refused.Error);
        Assert.Equal("precious", File.ReadAllText(output));

        var replaced = Cli.Run("enhance", input, "-o", output, "-m", "gamma", "--overwrite");
        Assert.Equal(0, replaced.ExitCode);
        using var written = Cv2.ImRead(output);
        Assert.False(written.Empty());
    }

    [Fact]
    public void Input_is_never_written_even_with_overwrite()
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("dark.png");
        using (var image = TestData.DarkColour()) Cv2.ImWrite(input, image);
        var before = File.ReadAllBytes(input);

        var result = Cli.Run("enhance", input, "-o", input, "-m", "gamma", "--overwrite");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("would overwrite the input", result.Error);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void Batch_reports_the_bad_file_and_goes_on()
    {
        using var folder = TestData.TempFolder();
        Directory.CreateDirectory(folder.File("in"));
        using (var image = TestData.DarkColour()) { Cv2.ImWrite(folder.File("in/a.png"), image); Cv2.ImWrite(folder.File("in/c.png"), image); }
        File.WriteAllText(folder.File("in/b.png"), "not really a png");

        var result = Cli.Run("enhance", folder.File("in"), "-o", folder.File("out"), "-m", "gamma");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("b.png: not an image", result.Error);
        Assert.True(File.Exists(folder.File("out/a.png")));
        Assert.True(File.Exists(folder.File("out/c.png")));
        Assert.False(File.Exists(folder.File("out/b.png")));
        Assert.Contains("2 of 3 images written, 1 failed", result.Out);
    }

    [Theory]
    [InlineData("-p", "gamma=99", "gamma=99 is out of range [0.05, 10]")]
    [InlineData("-p", "brightness=2", "unknown parameter 'brightness' (known: gamma, channel)")]
    [InlineData("-p", "gamma=abc", "gamma='abc' is not a number")]
    [InlineData("-p", "channel=red", "channel='red' is not one of y|v|per-channel")]
    [InlineData("-p", "gamma", "expected name=value")]
    [InlineData("-p", "sigmas=15,,80", "sigmas='15,,80' is not a comma-separated list of numbers", "msr")]
    [InlineData("-p", "sigmas=", "sigmas='' is not a comma-separated list of numbers", "msr")]
    [InlineData("-p", "sigmas=0", "sigma 0 is out of range (0, 10000]", "msr")]
    [InlineData("-p", "guided-eps=0", "guided-eps=0 is out of range [1E-8, 1]", "dong")] // not "[0, 1]", which would contradict itself
    public void Bad_parameters_are_rejected_with_a_clear_message(string flag, string value, string message, string method = "gamma")
    {
        using var folder = TestData.TempFolder();
        var input = folder.File("dark.png");
        using (var image = TestData.DarkColour()) Cv2.ImWrite(input, image);

        var result = Cli.Run("enhance", input, "-o", folder.File("result.png"), "-m", method, flag, value);

        Assert.Equal(2, result.ExitCode); // a usage mistake, not a bad file
        Assert.Contains(message, result.Error);
        Assert.False(File.Exists(folder.File("result.png")));
    }

    [Fact]
    public void Unknown_method_lists_the_known_ones()
    {
        var result = Cli.Run("enhance", "x.png", "-o", "y.png", "-m", "magic");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown method 'magic' (known: ", result.Error);
    }

    internal static string MakeBadFile(TempFolder folder, string kind)
    {
        using var image = TestData.DarkColour();
        switch (kind)
        {
            case "missing":
                return folder.File("missing.png");
            case "folder":
                Directory.CreateDirectory(folder.File("folder.png"));
                return folder.File("folder.png");
            case "zero-byte":
                File.WriteAllBytes(folder.File("zero.png"), []);
                return folder.File("zero.png");
            case "truncated-png":
            {
                Cv2.ImEncode(".png", image, out var png);
                File.WriteAllBytes(folder.File("cut.png"), png[..(png.Length / 2)]);
                return folder.File("cut.png");
            }
            case "truncated-jpeg":
            {
                Cv2.ImEncode(".jpg", image, out var jpeg);
                File.WriteAllBytes(folder.File("cut.jpg"), jpeg[..(jpeg.Length * 2 / 3)]);
                return folder.File("cut.jpg");
            }
            case "text-as-png":
                File.WriteAllText(folder.File("notes.png"), "these are my notes, not a picture\n");
                return folder.File("notes.png");
            case "unsupported-extension":
                File.WriteAllBytes(folder.File("anim.gif"), "GIF89a\x01\0\x01\0"u8.ToArray());
                return folder.File("anim.gif");
            case "zero-width":
            {
                // A 1×1 PNG whose IHDR then says 0 columns (no decoder is reached: the header check refuses it).
                using var tiny = new Mat(1, 1, MatType.CV_8UC3, Scalar.All(10));
                Cv2.ImEncode(".png", tiny, out var png);
                png.AsSpan(16, 4).Clear();
                File.WriteAllBytes(folder.File("empty.png"), png);
                return folder.File("empty.png");
            }
            case "huge-header":
            {
                // A valid PNG of 1x1 whose IHDR then claims 60000x60000: the limit must stop it before decoding.
                using var tiny = new Mat(1, 1, MatType.CV_8UC3, Scalar.All(10));
                Cv2.ImEncode(".png", tiny, out var png);
                BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 60000);
                BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 60000);
                File.WriteAllBytes(folder.File("huge.png"), png);
                return folder.File("huge.png");
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }
}
