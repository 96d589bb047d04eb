using Lumos.Video;

namespace Lumos.Tests.Video;

/// <summary><c>lumos video</c> on a folder or glob, and <c>lumos eval --task video</c> on a folder of videos.</summary>
public sealed class VideoBatchTests
{
    [SkippableFact]
    public void A_folder_of_videos_is_processed_and_a_bad_one_is_reported_while_the_rest_go_on()
    {
        using var folder = TestData.TempFolder();
        var clips = Directory.CreateDirectory(folder.File("clips")).FullName;
        var first = VideoClips.Make(folder, "clips/a.mp4", 160, 108);
        File.Copy(first, Path.Combine(clips, "b.mkv"));
        File.WriteAllText(Path.Combine(clips, "broken.mp4"), "not a video");
        File.WriteAllText(Path.Combine(clips, "notes.txt"), "not taken: no video extension");

        var result = Lumos.Tests.Cli.Cli.Run("video", clips, "-o", folder.File("out"), "-m", "gamma", "--duration", "0.25");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["a.mp4", "b.mkv"], Directory.GetFiles(folder.File("out")).Select(Path.GetFileName).Order());
        Assert.InRange(VideoInfo.Probe(folder.File("out/a.mp4")).Frames, 6, 7); // 0.25 s at 24 fps
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("broken.mp4", error);
        Assert.Contains("2 of 3 videos processed, 1 failed", result.Out);

        // With --json, one document: every video, the failed one with its error.
        var json = Lumos.Tests.Cli.Cli.Run("video", clips, "-o", folder.File("out"), "-m", "gamma", "--duration", "0.25", "--overwrite", "--json");
        var document = System.Text.Json.JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal((2, 1), (document.GetProperty("succeeded").GetInt32(), document.GetProperty("failed").GetInt32()));
        Assert.Contains(document.GetProperty("results").EnumerateArray(), r => r.TryGetProperty("error", out _) && r.GetProperty("input").GetString()!.EndsWith("broken.mp4"));
    }

    [SkippableFact]
    public void A_glob_takes_only_the_matching_videos()
    {
        using var folder = TestData.TempFolder();
        VideoClips.Make(folder, "cam1.mp4", 160, 108);
        File.Copy(folder.File("cam1.mp4"), folder.File("other.mp4"));

        var result = Lumos.Tests.Cli.Cli.Run("video", folder.File("cam*.mp4"), "-o", folder.File("out"), "-m", "gamma", "--duration", "0.25");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["cam1.mp4"], Directory.GetFiles(folder.File("out")).Select(Path.GetFileName));
    }

    [SkippableFact]
    public void Eval_task_video_reports_flicker_warping_error_and_brightness_per_method()
    {
        using var folder = TestData.TempFolder();
        Directory.CreateDirectory(folder.File("clips"));
        VideoClips.Make(folder, "clips/zoom.mp4", 160, 108);

        var result = Lumos.Tests.Cli.Cli.Run("eval", "--task", "video", "-d", folder.File("clips"), "-m", "identity,gamma", "-o", folder.File("report"), "--json");

        Assert.Equal(0, result.ExitCode);
        var rows = System.Text.Json.JsonDocument.Parse(File.ReadAllText(folder.File("report/results.json"))).RootElement.GetProperty("records").EnumerateArray()
            .ToDictionary(r => r.GetProperty("method").GetString()!, r => r.GetProperty("values"));
        Assert.Equal(["gamma", "identity"], rows.Keys.Order());
        // The input through identity (lossless) warps onto its own flow; gamma brightens and keeps its motion.
        Assert.True(rows["gamma"].GetProperty("brightness").GetDouble() > 1.5 * rows["identity"].GetProperty("brightness").GetDouble());
        Assert.True(rows["identity"].GetProperty("warping error").GetDouble() < rows["gamma"].GetProperty("warping error").GetDouble());
        Assert.True(File.Exists(folder.File("report/report.html")));
    }
}
