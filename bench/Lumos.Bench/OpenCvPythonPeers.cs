using System.Diagnostics;
using System.Globalization;
using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// Debian's OpenCV for Python (bench/peers/opencv_classic.py, run by /usr/bin/python3) on the same image:
/// equalizeHist, CLAHE and a gamma LUT on Y with the YCrCb round trip, timed inside Python (warm median) and
/// once in a fresh process per operation (the first call, as one CLI call pays it).
/// </summary>
internal static class OpenCvPythonPeers
{
    private const string Python = "/usr/bin/python3";

    /// <summary>The peer operations the script times.</summary>
    public static readonly string[] Names = ["cv2-equalize-hist", "cv2-clahe", "cv2-gamma-lut"];

    /// <summary>Rows for the peers at <paramref name="threads"/>, or none (with the reason logged) where Python or cv2 is absent.</summary>
    public static IEnumerable<BenchRow> Measure(Mat image, int threads, int repeats, TextWriter log)
    {
        if (image.Type() != MatType.CV_8UC3)
        {
            log.WriteLine("  Python OpenCV peers: skipped (they take an 8-bit colour image)");
            return [];
        }
        if (!File.Exists(Python))
        {
            log.WriteLine($"  Python OpenCV peers: skipped ({Python} absent)");
            return [];
        }
        var folder = Directory.CreateTempSubdirectory("lumos-bench-");
        try
        {
            string png = Path.Combine(folder.FullName, "image.png");
            ImageIO.Write(image, png);
            string script = Path.Combine(AppContext.BaseDirectory, "peers", "opencv_classic.py");
            log.WriteLine($"  Python OpenCV peers at {threads} thread(s)...");
            var warm = Run(script, png, threads, repeats, null, log);
            if (warm is null) return [];
            double megapixels = image.Width * (double)image.Height / 1e6;
            return Names.Where(warm.ContainsKey).Select(name =>
            {
                double? first = Run(script, png, threads, repeats, name, log)?.GetValueOrDefault(name);
                return new BenchRow($"{name} (python)", true, threads, warm[name], megapixels / (warm[name] / 1000), null, first);
            }).ToArray();
        }
        finally { folder.Delete(recursive: true); }
    }

    private static Dictionary<string, double>? Run(string script, string png, int threads, int repeats, string? fresh, TextWriter log)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, png, threads.ToString(CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        if (fresh is not null) { start.ArgumentList.Add("--fresh"); start.ArgumentList.Add(fresh); }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string reason = error.Result.Contains("No module named 'cv2'", StringComparison.Ordinal) ? "cv2 absent (apt-get install python3-opencv)" : error.Result.Trim();
            log.WriteLine($"  Python OpenCV peers: skipped ({reason})");
            return null;
        }
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
    }
}
