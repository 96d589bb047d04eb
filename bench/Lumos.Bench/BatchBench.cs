using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// The batch path under load (issue 11): folders of small images with 5% bad files (truncated PNG, zero bytes,
/// text named .png, random bytes) run through the real <c>lumos enhance</c> process. Reports wall time, images per
/// second, the child's peak RSS (its VmHWM, polled) and whether exactly the bad files were reported.
/// </summary>
internal static class BatchBench
{
    private const double BadShare = 0.05;

    public static int Run(BenchSettings settings)
    {
        var cli = LumosProcess.FindCli();
        var sizes = settings.Files ?? [1_000, 10_000];
        var lines = new List<string>
        {
            "| files | bad | wall s | images/s | peak RSS MiB | bad files reported exactly |",
            "|---:|---:|---:|---:|---:|---|",
        };
        foreach (int count in sizes)
        {
            var root = Directory.CreateTempSubdirectory("lumos-batch-bench-").FullName;
            try
            {
                var bad = MakeFolder(Path.Combine(root, "in"), count);
                Console.Error.WriteLine($"  {count} files ({bad.Count} bad)...");
                var (seconds, peak, json) = RunCli(cli, ["enhance", Path.Combine(root, "in"), "-o", Path.Combine(root, "out"), "-m", "gamma", "--json"]);
                using var summary = JsonDocument.Parse(json);
                var failed = summary.RootElement.GetProperty("results").EnumerateArray()
                    .Where(r => !r.GetProperty("ok").GetBoolean()).Select(r => Path.GetFileName(r.GetProperty("input").GetString()!)).ToHashSet();
                int written = Directory.GetFiles(Path.Combine(root, "out")).Length;
                bool exact = failed.SetEquals(bad) && written == count - bad.Count;
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {count} | {bad.Count} | {seconds:0.0} | {count / seconds:0} | {peak / 1048576.0:0.0} | {(exact ? "yes" : $"NO ({failed.Count} reported, {written} written)")} |"));
            }
            finally { Directory.Delete(root, recursive: true); }
        }
        string caption = $"lumos enhance -m gamma --json over a folder of 96x64 PNGs, {BadShare:P0} bad; {Environment.ProcessorCount} cores; "
            + "peak RSS of the lumos process (VmHWM polled every 20 ms)";
        foreach (var line in lines) Console.WriteLine(line);
        Console.WriteLine();
        Console.WriteLine(caption);
        if (settings.Markdown is not null) File.WriteAllText(settings.Markdown, string.Join('\n', lines) + "\n\n" + caption + "\n");
        return 0;
    }

    /// <summary>Writes <paramref name="count"/> files, every 20th one bad in one of four ways; returns the bad names.</summary>
    private static HashSet<string> MakeFolder(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        using var image = new Mat(64, 96, MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(60));
        Cv2.ImEncode(".png", image, out var png);
        var random = new Random(1);
        var bad = new HashSet<string>();
        int stride = (int)Math.Round(1 / BadShare);
        for (int i = 0; i < count; i++)
        {
            var name = $"img{i:D5}.png";
            var path = Path.Combine(folder, name);
            if (i % stride != stride - 1)
            {
                File.WriteAllBytes(path, png);
                continue;
            }
            bad.Add(name);
            switch (i / stride % 4)
            {
                case 0: File.WriteAllBytes(path, png[..(png.Length / 2)]); break;
                case 1: File.WriteAllBytes(path, []); break;
                case 2: File.WriteAllText(path, "not an image\n"); break;
                default:
                    var noise = new byte[512];
                    random.NextBytes(noise);
                    File.WriteAllBytes(path, noise);
                    break;
            }
        }
        return bad;
    }

    private static (double Seconds, long PeakBytes, string Stdout) RunCli(string cli, string[] args)
    {
        var start = new ProcessStartInfo(cli, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(20)) peak = Math.Max(peak, LumosProcess.HighWaterMark(process.Id));
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode is not (0 or 1)) throw new LumosException($"lumos exited {process.ExitCode}: {stderr.Result.Split('\n')[0]}");
        return (seconds, peak, stdout.Result);
    }
}
