using System.Diagnostics;
using Lumos.Imaging;
using Lumos.Methods;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// Times every registered enhancement method (with its defaults) and OpenCV peers on one photo, in this process,
/// at the thread count the process was started with (see <see cref="WorkerProcess"/>): pure OpenCvSharp calls
/// with buffers allocated once, and Python peers in child processes (<see cref="PythonPeers"/>): Debian's OpenCV and
/// numpy reference implementations of the heavy methods.
/// </summary>
internal static class ClassicBench
{
    /// <summary>A timed operation; peers that reuse their buffers return null instead of a fresh image.</summary>
    private sealed record Case(string Name, bool Peer, Func<Mat, Mat?> Run);

    // Which peer operation each Lumos method does the work of (a peer's name ends in "-operation"); gamma's peer
    // (a LUT on Y) serves every Y curve.
    private static readonly Dictionary<string, string> PeerOperation = new()
    {
        ["he"] = "equalize-hist", ["clahe"] = "clahe", ["gamma"] = "gamma-lut", ["log"] = "gamma-lut", ["auto-gamma"] = "gamma-lut",
        ["msr"] = "msr", ["msrcr"] = "msrcr", ["dong"] = "dong", ["lime"] = "lime",
    };

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
                var (medianMs, firstMs, peak) = Measure(@case, image, settings.Repeats);
                rows.Add(new BenchRow(@case.Name, @case.Peer, threads, medianMs, megapixels / (medianMs / 1000), peak / (1024.0 * 1024), firstMs));
            }
            rows.AddRange(PythonPeers.Measure(image, threads, settings.Repeats, settings.Methods, log));
            return new WorkerReport(source, image.Width, image.Height, rows);
        }
    }

    /// <summary>Fails early, in the parent process, on names that are neither methods nor peers.</summary>
    /// <exception cref="LumosException">An unknown name.</exception>
    public static void CheckNames(IReadOnlyList<string>? names) => Cases(names);

    /// <summary>Adds to each Lumos row with a peer its median over the fastest peer's, and over the fastest Python peer's, at the same thread count.</summary>
    public static IEnumerable<BenchRow> WithRatios(IReadOnlyList<BenchRow> rows) => rows.Select(row =>
    {
        if (row.Peer || !PeerOperation.TryGetValue(row.Method, out var operation)) return row;
        var peers = rows.Where(p => p.Peer && p.Threads == row.Threads && PeerName(p).EndsWith("-" + operation, StringComparison.Ordinal)).ToArray();
        var python = peers.Where(p => p.Method.EndsWith("(python)", StringComparison.Ordinal)).ToArray();
        return peers.Length == 0 ? row : row with
        {
            VersusBestPeer = row.MedianMs / peers.Min(p => p.MedianMs),
            VersusPython = python.Length == 0 ? null : row.MedianMs / python.Min(p => p.MedianMs),
        };
    });

    private static string PeerName(BenchRow row) => row.Method.Replace(" (python)", "", StringComparison.Ordinal);

    private static (double MedianMs, double FirstMs, long? PeakBytes) Measure(Case @case, Mat image, int repeats)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long? baseline = PeakMemory.Reset();
        var first = Stopwatch.StartNew();
        using (@case.Run(image)) { } // warm-up: JIT, lookup tables, OpenCV buffers
        double firstMs = first.Elapsed.TotalMilliseconds;
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            using (@case.Run(image)) times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        double median = repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
        return (median, firstMs, baseline is null ? null : Math.Max(0, PeakMemory.Peak()!.Value - baseline.Value));
    }

    private static IEnumerable<Case> Cases(IReadOnlyList<string>? only)
    {
        // By default the classic methods: the nets have the engines bench, the denoisers their table in
        // docs/denoisers.md (bm3d takes minutes on 12 MP), and "onnx" runs a model the user supplies. --methods
        // names any of them but onnx. Methods are built when first run, so naming a few builds only those.
        var cases = EnhancementMethods.Registry.All
            .Where(info => info.Name != "onnx" && (only is not null || info.Type.Namespace == "Lumos.Methods.Classic"))
            .Select(info => (info.Name, Method: new Lazy<IEnhancementMethod>(() => info.Create()), Output: new Mat()))
            // Into one output reused call after call, as a batch or a video runs them: the warm figure; the first call
            // (the "first ms" column) allocates it, as one CLI call does.
            .Select(m => new Case(m.Name, false, image =>
            {
                Enhancer.Apply(m.Method.Value, image, m.Output);
                return null;
            }))
            .Concat(Peers())
            .ToArray();
        if (only is null) return cases;
        var unknown = only.Where(n => !cases.Any(c => c.Name.Equals(n, StringComparison.OrdinalIgnoreCase))
            && !PythonPeers.Names.Contains(n, StringComparer.OrdinalIgnoreCase)).ToArray();
        if (unknown.Length > 0)
            throw new LumosException($"unknown method '{unknown[0]}' (known: {string.Join(", ", cases.Select(c => c.Name).Concat(PythonPeers.Names))})");
        return cases.Where(c => only.Contains(c.Name, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// OpenCV alone, called from C#: BGR→YCrCb, equalizeHist / CLAHE / LUT on Y, back to BGR, every buffer
    /// (output included) allocated on the first call and reused, as a video loop would. No Lumos code runs here.
    /// </summary>
    private static IEnumerable<Case> Peers()
    {
        yield return OnY("opencvsharp-equalize-hist", (y, mapped) => Cv2.EqualizeHist(y, mapped));
        // Clip limit 2 on 8x8 tiles, Lumos's clahe defaults (OpenCV's createCLAHE default of 40 barely clips).
        var clahe = Cv2.CreateCLAHE(2.0, new Size(8, 8));
        yield return OnY("opencvsharp-clahe", (y, mapped) => clahe.Apply(y, mapped));
        var table = new Mat(1, 256, MatType.CV_8U);
        for (int i = 0; i < 256; i++) table.Set(0, i, (byte)Math.Clamp(Math.Round(255 * Math.Pow(i / 255.0, 0.5)), 0, 255));
        yield return OnY("opencvsharp-gamma-lut", (y, mapped) => Cv2.LUT(y, table, mapped));
    }

    private static Case OnY(string name, Action<Mat, Mat> map)
    {
        Mat ycrcb = new(), y = new(), mapped = new(), output = new();
        return new Case(name, true, image =>
        {
            Cv2.CvtColor(image, ycrcb, ColorConversionCodes.BGR2YCrCb);
            Cv2.ExtractChannel(ycrcb, y, 0);
            map(y, mapped);
            Cv2.InsertChannel(mapped, ycrcb, 0);
            Cv2.CvtColor(ycrcb, output, ColorConversionCodes.YCrCb2BGR);
            return null;
        });
    }
}
