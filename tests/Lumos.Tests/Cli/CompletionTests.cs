using System.Diagnostics;

namespace Lumos.Tests.Cli;

/// <summary>The completion script runs in a real bash, and the CLI answers --version.</summary>
public sealed class CompletionTests
{
    [Theory]
    [InlineData("lumos enh", "enhance")]
    [InlineData("lumos enhance x.png -m li", "lime")]
    [InlineData("lumos video in.mp4 --keep", "--keep-partial")]
    [InlineData("lumos run --preset night", "night-photo")]
    [InlineData("lumos eval --ou", "--output --out")]
    public void Bash_completion_offers_verbs_options_methods_and_presets(string line, string expected)
    {
        var script = Cli.Run("completion", "bash");
        Assert.Equal(0, script.ExitCode);
        var words = line.Split(' ');
        // The script is sourced and its function called as bash would on <Tab> after the last word.
        var probe = $"{script.Out}\nCOMP_WORDS=({string.Join(' ', words)}); COMP_CWORD={words.Length - 1}; _lumos; echo \"${{COMPREPLY[*]}}\"";
        var start = new ProcessStartInfo("bash", ["--norc", "-c", probe]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEnd().Trim();
        bash.WaitForExit();

        Assert.Equal(0, bash.ExitCode);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Version_prints_the_version_alone()
    {
        var result = Cli.Run("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(LumosVersion.Current, result.Out.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Out);
    }

    [Fact]
    public void Old_option_spellings_are_kept_as_aliases_of_the_unified_ones()
    {
        using var folder = TestData.TempFolder();
        Directory.CreateDirectory(folder.File("data"));
        using (var image = TestData.DarkColour(64, 48)) OpenCvSharp.Cv2.ImWrite(folder.File("data/a.png"), image);

        var plot = Cli.Run("info", folder.File("data/a.png"), "--plot", folder.File("histogram.png"));
        var report = Cli.Run("eval", "-m", "identity", "-d", folder.File("data"), "--out", folder.File("report"), "--measures", "brightness");

        Assert.Equal((0, 0), (plot.ExitCode, report.ExitCode));
        Assert.True(File.Exists(folder.File("histogram.png")) && File.Exists(folder.File("report/summary.md")));
    }
}
