using System.Diagnostics;

namespace Lumos.Tests.Video;

/// <summary>Test videos made by ffmpeg from the bundled images (never downloaded), and small probes of them.</summary>
internal static class VideoClips
{
    /// <summary>A 2-second 24 fps clip: the dark sample slowly zoomed, with a 440 Hz tone.</summary>
    public static string Make(TempFolder folder, string name, int width, int height, string codec = "libx264", string? pixelFormat = null, string filter = "")
    {
        Skip.If(!OnPath("ffmpeg"), "ffmpeg is absent (.ci/install-deps installs it): video test skipped");
        var path = folder.File(name);
        Ffmpeg("-loop", "1", "-i", Path.Combine(TestData.Samples, "dark-coffee.png"), "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-filter_complex", $"[0:v]scale={width}:{height},zoompan=z='1+0.002*on':d=48:s={width}x{height}:fps=24{filter}[v]",
            "-map", "[v]", "-map", "1:a", "-t", "2", "-c:v", codec, "-pix_fmt", pixelFormat ?? (codec == "ffv1" ? "bgr0" : "yuv420p"), "-c:a", "aac", "-shortest", path);
        return path;
    }

    public static double MeanLuma(string video)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "error", "-i", video, "-vf", "scale=64:64", "-f", "rawvideo", "-pix_fmt", "gray", "-" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var memory = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(memory);
        process.WaitForExit();
        return memory.ToArray().Average(b => (double)b);
    }

    public static void Ffmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "error", "-y" }.Concat(arguments)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
    }

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
}
