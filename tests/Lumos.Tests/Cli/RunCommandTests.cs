using OpenCvSharp;

namespace Lumos.Tests.Cli;

public sealed class RunCommandTests
{
    [Fact]
    public void Run_with_a_pipeline_file_equals_the_methods_run_one_after_the_other()
    {
        using var folder = TestData.TempFolder();
        var input = Path.Combine(TestData.Samples, "dark-chelsea.png");
        File.WriteAllText(folder.File("chain.json"), """[{"type":"gamma","gamma":0.6},{"type":"bicubic","scale":2}]""");

        var chained = Cli.Run("run", folder.File("chain.json"), input, "-o", folder.File("chain.png"));
        var first = Cli.Run("enhance", input, "-o", folder.File("gamma.png"), "-m", "gamma", "-p", "gamma=0.6");
        var second = Cli.Run("upscale", folder.File("gamma.png"), "-o", folder.File("byhand.png"), "-m", "bicubic", "--scale", "2");

        Assert.True(chained.ExitCode == 0 && first.ExitCode == 0 && second.ExitCode == 0, chained.Error + first.Error + second.Error);
        using var a = Cv2.ImRead(folder.File("chain.png"));
        using var b = Cv2.ImRead(folder.File("byhand.png"));
        Assert.Equal(0, Cv2.Norm(a, b, NormTypes.INF));
    }

    [Fact]
    public void Enhance_with_a_preset_equals_the_preset_run_and_presets_lists_them()
    {
        using var folder = TestData.TempFolder();
        var input = Path.Combine(TestData.Samples, "dark-coffee.png");
        Assert.Equal(0, Cli.Run("enhance", input, "-o", folder.File("a.png"), "--preset", "surveillance").ExitCode);
        Assert.Equal(0, Cli.Run("run", "--preset", "surveillance", input, "-o", folder.File("b.png")).ExitCode);
        Assert.Equal(0, Cli.Run("enhance", input, "-o", folder.File("c.png"), "-m", "gamma", "-p", "gamma=0.5").ExitCode);
        using var a = Cv2.ImRead(folder.File("a.png"));
        using var b = Cv2.ImRead(folder.File("b.png"));
        using var c = Cv2.ImRead(folder.File("c.png"));
        Assert.Equal(0, Cv2.Norm(a, b, NormTypes.INF));
        Assert.Equal(0, Cv2.Norm(a, c, NormTypes.INF));

        var list = Cli.Run("presets");
        foreach (var name in new[] { "night-photo", "surveillance", "remote-sensing", "medical-grey", "old-photo", "hazy-outdoor" })
            Assert.Contains(name, list.Out);
    }

    [Theory]
    [InlineData("run", "NETPIPE", "IN")]
    [InlineData("run", "--preset", "remote-sensing", "IN")]
    [InlineData("enhance", "--preset", "remote-sensing", "IN")]
    [InlineData("video", "CLIP", "-m", "fsrcnn", "--scale", "2")]
    public void Net_shortcuts_reach_every_net_step_of_a_pipeline_preset_or_video(params string[] args)
    {
        using var folder = TestData.TempFolder();
        File.WriteAllText(folder.File("net.json"), """[{"type":"gamma"},{"type":"fsrcnn","scale":2}]""");
        File.WriteAllText(folder.File("classic.json"), """[{"type":"gamma"},{"type":"bicubic","scale":2}]""");
        string Resolve(string a) => a.Replace("NETPIPE", folder.File("net.json")).Replace("IN", Path.Combine(TestData.Samples, "dark-coffee.png"))
            .Replace("CLIP", Path.Combine(TestData.Samples, "dark-coffee.png"));
        bool video = args[0] == "video";
        var output = folder.File(video ? "x.mp4" : "x.png");

        // This build has no CUDA provider: the net step fails on --device cuda, which it could only have from the shortcut.
        var result = Cli.Run([.. args.Select(Resolve), "-o", output, "--device", "cuda"]);
        // A step without a net ignores it.
        var classic = video ? null : Cli.Run("run", folder.File("classic.json"), Resolve("IN"), "-o", folder.File("classic.png"), "--device", "cuda", "--threads", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CUDA", result.Error);
        Assert.False(File.Exists(output));
        if (classic is not null) Assert.True(classic.ExitCode == 0, classic.Error);
    }

    [Theory]
    [InlineData("enhance", "-m", "zerodce", "--threads", "-1")]
    [InlineData("run", "--preset", "surveillance", "--threads", "2000")]
    [InlineData("eval", "--task", "sr", "-m", "fsrcnn", "-d", "IN", "--threads", "1025")]
    [InlineData("video", "IN", "-m", "gamma", "--threads", "-1")]
    public void A_thread_count_out_of_range_is_a_usage_error(params string[] args)
    {
        using var folder = TestData.TempFolder();
        var input = Path.Combine(TestData.Samples, "dark-coffee.png");
        string[] resolved = [.. args.Select(a => a == "IN" ? input : a), .. args[0] is "enhance" or "run" ? new[] { input } : [], "-o", folder.File("x.png")];

        var result = Cli.Run(resolved);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--threads", result.Error);
        Assert.False(File.Exists(folder.File("x.png")));
    }

    [Theory]
    [InlineData(2, "run", "--preset", "nosuch", "IN", "-o", "OUT/x.png")]
    [InlineData(2, "run", "IN", "-o", "OUT/x.png")]
    [InlineData(2, "enhance", "IN", "-o", "OUT/x.png", "--preset", "surveillance", "-p", "gamma=2")]
    [InlineData(2, "run", "PIPE", "IN", "-o", "OUT/x.png")]
    [InlineData(2, "enhance", "IN", "-o", "OUT/x.png", "--preset", "surveillance", "-m", "lime")]
    [InlineData(2, "run", "PIPE", "-o", "OUT/x.png")] // no inputs: said as such, not "missing the pipeline"
    [InlineData(2, "run", "PIPE", "--preset", "surveillance", "IN", "-o", "OUT/x.png")] // not the pipeline read as an image
    public void Bad_runs_get_one_line_and_write_nothing(int code, params string[] args)
    {
        using var folder = TestData.TempFolder();
        File.WriteAllText(folder.File("pipe.json"), """[{"type":"fsrcnn"}]""");
        var resolved = args.Select(a => a.Replace("IN", Path.Combine(TestData.Samples, "dark-coffee.png")).Replace("OUT", folder.Path).Replace("PIPE", folder.File("pipe.json"))).ToArray();

        var result = Cli.Run(resolved);

        Assert.Equal(code, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.False(File.Exists(folder.File("x.png")));
    }

    [Theory]
    [InlineData(2, "video", "IN", "-o", "OUT/x.mp4", "--codec", "avi")]
    [InlineData(2, "video", "IN", "-o", "OUT/x.mp4", "--preset", "surveillance", "-p", "gamma=2")]
    [InlineData(2, "video", "IN", "-o", "OUT/x.mp4", "--preset", "surveillance", "-m", "lime")]
    [InlineData(2, "video", "IN", "-o", "OUT/x.mp4", "--codec", "ffv1")]
    [InlineData(2, "video", "IN", "-o", "OUT/x.webm")]
    [InlineData(1, "video", "OUT/missing.mp4", "-o", "OUT/x.mp4")]
    [InlineData(1, "video", "TEXT", "-o", "OUT/x.mp4")]
    [InlineData(1, "video", "IN", "-o", "OUT/x.mp4", "--pipeline", "OUT/none.json")]
    public void Bad_video_calls_get_one_line_and_write_nothing(int code, params string[] args)
    {
        using var folder = TestData.TempFolder();
        File.WriteAllText(folder.File("notes.mp4"), "not a video");
        var resolved = args.Select(a => a.Replace("IN", folder.File("notes.mp4")).Replace("TEXT", folder.File("notes.mp4")).Replace("OUT", folder.Path)).ToArray();

        var result = Cli.Run(resolved);

        Assert.Equal(code, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(File.Exists(folder.File("x.mp4")));
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }
}
