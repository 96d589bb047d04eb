using System.Diagnostics;
using Lumos.Imaging;
using Lumos.Methods;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// Times every registered enhancement method (with its defaults) and two OpenCV peers on one photo, in
/// this process, at the thread count the process was started with (see <see cref="WorkerProcess"/>).
/// </summary>
internal static class ClassicBench
{
    private sealed record Case(string Name, bool Peer, Func<Mat, Mat> Run);

    public static WorkerReport Run(BenchSettings settings, int threads, TextWriter log)
    {
        var (image, source) = BenchImage.Load(settings.Image);
        using (image)
        {
            double megapixels = image.Width * (double)image.Height / 1e6;
            var rows = new List<BenchRow>();
            foreach (var @case in Cases(settings.Methods))
            {
                if (@case.Peer && image.Type() != MatType.CV_8UC3)
                {
                    log.WriteLine($"  {@case.Name}: skipped (needs an 8-bit colour image)");
                    continue;
                }
                log.WriteLine($"  {@case.Name} at {threads} thread(s)...");
                var (medianMs, peak) = Measure(@case, image, settings.Repeats);
                rows.Add(new BenchRow(@case.Name, @case.Peer, threads, medianMs, megapixels / (medianMs / 1000), peak / (1024.0 * 1024)));
            }
            return new WorkerReport(source, image.Width, image.Height, rows);
        }
    }

    /// <summary>Fails early, in the parent process, on names that are neither methods nor peers.</summary>
    /// <exception cref="LumosException">An unknown name.</exception>
    public static void CheckNames(IReadOnlyList<string>? names) => Cases(names);

    private static (double MedianMs, long? PeakBytes) Measure(Case @case, Mat image, int repeats)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long? baseline = PeakMemory.Reset();
        using (@case.Run(image)) { } // warm-up: JIT, lookup tables, OpenCV buffers
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            using (@case.Run(image)) times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        double median = repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
        return (median, baseline is null ? null : Math.Max(0, PeakMemory.Peak()!.Value - baseline.Value));
    }

    private static IEnumerable<Case> Cases(IReadOnlyList<string>? only)
    {
        // "onnx" runs a model the user supplies: it has no default to time. Methods are built when first run,
        // so naming a few with --methods builds only those.
        var cases = EnhancementMethods.Registry.All
            .Where(info => info.Name != "onnx")
            .Select(info => (info.Name, Method: new Lazy<IEnhancementMethod>(() => info.Create())))
            .Select(m => new Case(m.Name, false, image => Enhancer.Apply(m.Method.Value, image)))
            .Concat(Peers())
            .ToArray();
        if (only is null) return cases;
        var unknown = only.Where(n => !cases.Any(c => c.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (unknown.Length > 0)
            throw new LumosException($"unknown method '{unknown[0]}' (known: {string.Join(", ", cases.Select(c => c.Name))})");
        return cases.Where(c => only.Contains(c.Name, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>OpenCV's own equalisation and CLAHE on Y, with the same BGR→YCrCb→BGR round trip Lumos's methods pay.</summary>
    private static IEnumerable<Case> Peers()
    {
        yield return new Case("opencv-equalize-hist", true, image => Luminance.Apply(image, ToneChannel.Y, y =>
        {
            var equalised = new Mat();
            Cv2.EqualizeHist(y, equalised);
            return equalised;
        }));
        // Clip limit 2 on 8x8 tiles, the usual photo setting (OpenCV's createCLAHE default of 40 barely clips).
        yield return new Case("opencv-clahe", true, image => Luminance.Apply(image, ToneChannel.Y, y =>
        {
            using var clahe = Cv2.CreateCLAHE(2.0, new Size(8, 8));
            var equalised = new Mat();
            clahe.Apply(y, equalised);
            return equalised;
        }));
    }
}
