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

    /// <summary>
    /// 40 frames, 24 at 24 fps then 16 at 8 fps (the last shown at 2.875 s), with a 3-second tone: a variable-frame-rate
    /// clip as phones write them.
    /// </summary>
    public static string MakeVariable(TempFolder folder, string name)
    {
        Skip.If(!OnPath("ffmpeg"), "ffmpeg is absent (.ci/install-deps installs it): video test skipped");
        var path = folder.File(name);
        Ffmpeg("-framerate", "24", "-loop", "1", "-i", Path.Combine(TestData.Samples, "dark-coffee.png"), "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
            "-filter_complex", "[0:v]scale=320:214,trim=end_frame=40,setpts='if(lt(N\\,24)\\,N/24\\,1+(N-24)/8)/TB'[v]", "-map", "[v]", "-map", "1:a",
            "-fps_mode", "vfr", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        return path;
    }

    /// <summary>The presentation times of the first video stream's frames, in seconds, and one tick of its time base.</summary>
    public static (double[] Times, double Tick) FrameTimes(string video)
    {
        var times = Probe(video, "frame=pts_time").Select(line => double.Parse(line.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var timeBase = Probe(video, "stream=time_base")[0].Split('/');
        return (times, double.Parse(timeBase[0], System.Globalization.CultureInfo.InvariantCulture) / double.Parse(timeBase[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Seconds of the first audio stream: where its last packet ends, counted from time 0 (a stream copy after a seek
    /// starts with packets at negative times, which players skip; Matroska may leave a packet's duration unknown);
    /// 0 when it has none.
    /// </summary>
    public static double AudioSeconds(string video) =>
        Probe(video, "packet=pts_time,duration_time", "a:0").Select(line => line.Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 2 && p[1] != "N/A")
            .Select(p => double.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Max();

    private static string[] Probe(string video, string entries, string stream = "v:0")
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "error", "-select_streams", stream, "-show_entries", entries, "-of", "csv=p=0", video }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        process.WaitForExit();
        return lines;
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
