using System.Diagnostics;
using System.Globalization;
using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// Python peers run by /usr/bin/python3 on the same image, timed inside Python: Debian's OpenCV
/// (bench/peers/opencv_classic.py: equalizeHist, CLAHE and a gamma LUT on Y with the YCrCb round trip; warm
/// median, and once in a fresh process per operation) and numpy reference implementations of the heavy methods
/// (bench/peers/numpy_classic.py: MSR, MSRCR, Dong, LIME; one fresh process per operation, whose first call is
/// the fresh figure and the median of the following calls the warm one).
/// </summary>
internal static class PythonPeers
{
    private const string Python = "/usr/bin/python3";
    private const string OpenCvScript = "opencv_classic.py", NumpyScript = "numpy_classic.py";

    /// <summary>The operations the OpenCV script times, all in one run.</summary>
    private static readonly string[] OpenCvNames = ["cv2-equalize-hist", "cv2-clahe", "cv2-gamma-lut"];

    /// <summary>The numpy references, each run on its own.</summary>
    private static readonly string[] NumpyNames = ["numpy-msr", "numpy-msrcr", "numpy-dong", "numpy-lime"];

    /// <summary>
    /// Warm calls of each numpy reference after its fresh one: full-resolution surrounds of σ = 250 make a numpy
    /// MSR take about a minute on 12 MP at one thread, so one, whatever the bench's repeats.
    /// </summary>
    private const int NumpyRepeats = 1;

    /// <summary>Every peer name <c>--methods</c> may list.</summary>
    public static readonly string[] Names = [.. OpenCvNames, .. NumpyNames];

    /// <summary>
    /// Rows for the peers <paramref name="only"/> names (all when null; any cv2 name runs the three cv2 operations)
    /// at <paramref name="threads"/>, or none (with the reason logged) where Python, cv2 or numpy is absent.
    /// </summary>
    public static IEnumerable<BenchRow> Measure(Mat image, int threads, int repeats, IReadOnlyList<string>? only, TextWriter log)
    {
        bool Wanted(string name) => only is null || only.Contains(name, StringComparer.OrdinalIgnoreCase);
        bool openCv = OpenCvNames.Any(Wanted);
        var numpy = NumpyNames.Where(Wanted).ToArray();
        if (!openCv && numpy.Length == 0) return [];
        if (image.Type() != MatType.CV_8UC3)
        {
            log.WriteLine("  Python peers: skipped (they take an 8-bit colour image)");
            return [];
        }
        if (!File.Exists(Python))
        {
            log.WriteLine($"  Python peers: skipped ({Python} absent)");
            return [];
        }
        var folder = Directory.CreateTempSubdirectory("lumos-bench-");
        try
        {
            string png = Path.Combine(folder.FullName, "image.png");
            ImageIO.Write(image, png);
            double megapixels = image.Width * (double)image.Height / 1e6;
            var rows = new List<BenchRow>();
            BenchRow Row(string name, double warm, double? first) =>
                new($"{name} (python)", true, threads, warm, megapixels / (warm / 1000), null, first);
            if (openCv)
            {
                log.WriteLine($"  Python OpenCV peers at {threads} thread(s)...");
                var warm = Run(OpenCvScript, png, threads, repeats, null, log)?.ToDictionary(t => t.Name, t => t.Ms);
                if (warm is not null)
                    rows.AddRange(OpenCvNames.Where(warm.ContainsKey).Select(name =>
                        Row(name, warm[name], Run(OpenCvScript, png, threads, repeats, name, log)?.FirstOrDefault().Ms)));
            }
            foreach (var name in numpy)
            {
                log.WriteLine($"  {name} (python) at {threads} thread(s)...");
                // Two lines: the first call of the fresh process, then the median of the warm calls.
                if (Run(NumpyScript, png, threads, NumpyRepeats, name, log) is [var first, var warm]) rows.Add(Row(name, warm.Ms, first.Ms));
            }
            return rows;
        }
        finally { folder.Delete(recursive: true); }
    }

    /// <summary>Runs a peer script; each output line is "NAME MS". Null (reason logged) when it fails.</summary>
    private static List<(string Name, double Ms)>? Run(string script, string png, int threads, int repeats, string? fresh, TextWriter log)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "peers", script), png,
                     threads.ToString(CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        if (fresh is not null) { start.ArgumentList.Add("--fresh"); start.ArgumentList.Add(fresh); }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string reason = error.Result.Contains("No module named 'cv2'", StringComparison.Ordinal) ? "cv2 absent (apt-get install python3-opencv)"
                : error.Result.Contains("No module named 'numpy'", StringComparison.Ordinal) ? "numpy absent (apt-get install python3-numpy)"
                : error.Result.Trim();
            log.WriteLine($"  Python peer {script}: skipped ({reason})");
            return null;
        }
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Select(p => (p[0], double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
    }
}
