using System.Diagnostics;
using System.Globalization;
using Lumos.Imaging;
using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// Throughput of the costly measures on a 12-megapixel pair (the dark photo and a noisy copy): SSIM (on RGB and
/// on Y), PSNR and NIQE, with scikit-image's <c>structural_similarity</c> on the same files, same settings and
/// same machine as the peer row (timed inside Python, image loading excluded).
/// </summary>
internal static class MeasuresBench
{
    public static int Run(BenchSettings settings)
    {
        var (image, source) = BenchImage.Load(settings.Image);
        using var _ = image;
        using var noisy = image.Clone();
        using (var noise = new Mat(image.Size(), MatType.CV_16SC3))
        {
            Cv2.Randn(noise, Scalar.All(0), Scalar.All(8));
            using var wide = new Mat();
            image.ConvertTo(wide, MatType.CV_16SC3);
            Cv2.Add(wide, noise, wide);
            wide.ConvertTo(noisy, image.Type());
        }
        double megapixels = image.Width * (double)image.Height / 1e6;
        int threads = Environment.ProcessorCount;
        var rows = new List<BenchRow>();
        void Time(string name, Action run)
        {
            Console.Error.WriteLine($"  {name}...");
            run();
            var times = Enumerable.Range(0, settings.Repeats).Select(_ => { var clock = Stopwatch.StartNew(); run(); return clock.Elapsed.TotalMilliseconds; }).Order().ToArray();
            double median = times[times.Length / 2];
            rows.Add(new BenchRow(name, false, threads, median, megapixels / (median / 1000), null));
        }

        foreach (var (name, parameters) in new[] { ("ssim", "channel=rgb"), ("ssim", "channel=y"), ("psnr", "channel=rgb") })
        {
            var measure = (IReferenceMeasure)QualityMeasures.Registry.Create(name, OptionsPairs(parameters));
            Time($"{name} ({parameters})", () => measure.Measure(noisy, image));
        }
        var niqe = (IImageMeasure)QualityMeasures.Registry.Create("niqe");
        Time("niqe", () => niqe.Measure(image));

        if (SkimageSsimMilliseconds(image, noisy, settings.Repeats) is double peer)
            rows.Add(new BenchRow("skimage structural_similarity (rgb)", true, threads, peer, megapixels / (peer / 1000), null));

        string caption = $"{source}, {image.Width}x{image.Height}; median of {settings.Repeats} runs after 1 warm-up; {threads} cores; "
            + "SSIM: Gaussian 11x11, sigma 1.5, K1 0.01, K2 0.03, data range 255 on both sides";
        ResultTable.Print(rows, caption);
        if (settings.Markdown is not null) ResultTable.WriteMarkdown(rows, caption, settings.Markdown);
        return 0;
    }

    private static KeyValuePair<string, string>[] OptionsPairs(string text) =>
        [.. text.Split(',').Select(p => p.Split('=')).Select(p => new KeyValuePair<string, string>(p[0], p[1]))];

    /// <summary>Median milliseconds of scikit-image's SSIM on the same pair, or null when Python/skimage is absent.</summary>
    private static double? SkimageSsimMilliseconds(Mat image, Mat noisy, int repeats)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python)) return null;
        var folder = Directory.CreateTempSubdirectory("lumos-bench-");
        try
        {
            var a = Path.Combine(folder.FullName, "a.png");
            var b = Path.Combine(folder.FullName, "b.png");
            ImageIO.Write(image, a);
            ImageIO.Write(noisy, b);
            string script = $$"""
                import time, cv2
                from skimage.metrics import structural_similarity
                a = cv2.imread('{{a}}'); b = cv2.imread('{{b}}')
                run = lambda: structural_similarity(b, a, channel_axis=2, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255)
                run()
                times = []
                for _ in range({{repeats}}):
                    t = time.perf_counter(); run(); times.append((time.perf_counter() - t) * 1000)
                print(sorted(times)[len(times) // 2])
                """;
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            Console.Error.WriteLine("  skimage structural_similarity (peer)...");
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? double.Parse(output.Trim(), CultureInfo.InvariantCulture) : null;
        }
        finally { folder.Delete(recursive: true); }
    }
}
