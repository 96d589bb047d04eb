using System.Globalization;
using System.Text.Json;
using Lumos.Methods;

namespace Lumos.Bench;

/// <summary>
/// 1080p video end to end (issue 14): the real <c>lumos video</c> (decode → method → encode through ffmpeg pipes) for
/// every classic method, next to ffmpeg alone decoding and encoding the same clip with the same encoder settings (the
/// floor: no tool can beat it) and ffmpeg's own brightening filters (<c>histeq</c>, <c>eq</c> gamma) as the peers a
/// user would pick instead. "1 core" pins the whole process tree (lumos and its ffmpeg children, or ffmpeg alone) to
/// CPU 0 with <c>taskset</c>; "2 cores" runs unpinned. Frames per second = frames / wall time, process start included.
/// </summary>
internal static class VideoBench
{
    private const int Width = 1920, Height = 1080, Rate = 30;

    public static int Run(BenchSettings settings)
    {
        var cli = ChildProcess.FindCli();
        var root = Directory.CreateTempSubdirectory("lumos-video-bench-").FullName;
        try
        {
            int frames = settings.Frames ?? 90;
            var clip = MakeClip(Path.Combine(root, "clip.mp4"), frames);
            var output = Path.Combine(root, "out.mp4");
            string preset = settings.EncoderPreset ?? "ultrafast";
            string[] encoder = ["-c:v", "libx264", "-preset", preset, "-crf", "18", "-pix_fmt", "yuv420p"];
            // Every classic method; identity is Lumos's own floor (decode → pipes → encode, no processing).
            var methods = settings.Methods ?? [.. EnhancementMethods.Registry.All.Where(m => m.Type.Namespace == "Lumos.Methods.Classic").Select(m => m.Name)];
            var rows = new List<(string Name, int Cores, double Fps)>();
            foreach (int cores in settings.Threads)
            {
                string[] pin = cores == 1 ? ["taskset", "-c", "0"] : [];
                double Time(string[] command) => frames / Median(settings.Repeats, () => Measure(pin, command));
                rows.Add(("ffmpeg decode + encode (floor)", cores, Time(["ffmpeg", "-v", "error", "-y", "-i", clip, .. encoder, "-an", output])));
                rows.Add(("ffmpeg histeq (peer)", cores, Time(["ffmpeg", "-v", "error", "-y", "-i", clip, "-vf", "histeq", .. encoder, "-an", output])));
                rows.Add(("ffmpeg eq gamma 2 (peer)", cores, Time(["ffmpeg", "-v", "error", "-y", "-i", clip, "-vf", "eq=gamma=2", .. encoder, "-an", output])));
                foreach (var method in methods)
                {
                    Console.Error.WriteLine($"  {method}, {cores} core(s)...");
                    rows.Add(($"lumos {method}", cores, Time([cli, "video", clip, "-o", output, "-m", method, "--encoder-preset", preset, "--crf", "18", "--overwrite", "--json"])));
                }
            }
            var lines = new List<string> { "| what | cores | fps | × floor |", "|---|---:|---:|---:|" };
            foreach (var (name, cores, fps) in rows)
            {
                double floor = rows.First(r => r.Cores == cores && r.Name.StartsWith("ffmpeg decode", StringComparison.Ordinal)).Fps;
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {cores} | {fps:0.0} | {fps / floor:0.00} |"));
            }
            string caption = $"{frames} frames of {Width}x{Height} at {Rate} fps (H.264 source from the bundled sample: a pan with film grain), "
                + $"encoded with libx264 -preset {preset} -crf 18; median of {settings.Repeats} runs; fps = frames / wall time including "
                + $"process start; {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end";
            foreach (var line in lines) Console.WriteLine(line);
            Console.WriteLine();
            Console.WriteLine(caption);
            if (settings.Markdown is not null) File.WriteAllText(settings.Markdown, string.Join('\n', lines) + "\n\n" + caption + "\n");
            return 0;
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    private static double Measure(string[] pin, string[] command)
    {
        string[] full = [.. pin, .. command];
        var (seconds, _, stdout) = ChildProcess.Run(full[0], full[1..]);
        if (command[0] != "ffmpeg")
        {
            using var summary = JsonDocument.Parse(stdout); // lumos exits 1 on failure: its JSON then lacks frames
            if (!summary.RootElement.TryGetProperty("frames", out _)) throw new LumosException($"lumos video failed: {stdout}");
        }
        return seconds;
    }

    private static double Median(int repeats, Func<double> run)
    {
        var times = Enumerable.Range(0, repeats).Select(_ => run()).Order().ToArray();
        return times[times.Length / 2];
    }

    /// <summary>A dark 1080p pan across the bundled sample with temporal grain, as a surveillance-like source.</summary>
    private static string MakeClip(string path, int frames)
    {
        var sample = Path.Combine(ChildProcess.Repository(), "samples", "dark-coffee.png");
        ChildProcess.Run("ffmpeg", ["-v", "error", "-y", "-framerate", $"{Rate}", "-loop", "1", "-i", sample, "-vf",
            $"scale=2304:1296,crop={Width}:{Height}:'2*n':'n',noise=alls=6:allf=t", "-frames:v", $"{frames}",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", path]);
        return File.Exists(path) ? path : throw new LumosException("ffmpeg could not make the test clip");
    }
}
