using System.Diagnostics;
using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// Writing a 12 MP photo as PNG, 8 and 16 bits: Lumos's encoder (<c>ImageIO.Write</c>, all cores) against OpenCV's
/// (libpng, one thread) called directly at its default compression 1 and at 3, the level Lumos used with it. Every
/// output is read back by libpng and compared with the image; the file sizes are in the rows' names.
/// </summary>
internal static class PngBench
{
    public static int Run(BenchSettings settings)
    {
        var (photo, source) = BenchImage.Load(settings.Image);
        using var _ = photo;
        using var deep = new Mat();
        photo.ConvertTo(deep, MatType.MakeType(MatType.CV_16U, photo.Channels()), 257);
        double megapixels = photo.Width * (double)photo.Height / 1e6;
        using var folder = new TempDirectory();
        var rows = new List<BenchRow>();
        foreach (var (image, bits) in new[] { (photo, 8), (deep, 16) })
        {
            var path = Path.Combine(folder.Path, $"photo{bits}.png");
            Time($"Lumos ImageIO.Write, {bits}-bit", false, Environment.ProcessorCount, image, path,
                () => ImageIO.Write(image, path, new WriteOptions { Overwrite = true }));
            foreach (int level in new[] { 1, 3 })
                Time($"OpenCV imwrite, compression {level}, {bits}-bit", true, 1, image, path,
                    () => Cv2.ImWrite(path, image, new ImageEncodingParam(ImwriteFlags.PngCompression, level)));
        }

        string caption = $"{source}, {photo.Width}x{photo.Height}; median of {settings.Repeats} runs after 1 warm-up; {Environment.ProcessorCount} cores; "
            + "each output read back by OpenCV (libpng) and equal to the image sample for sample; file size in MB after the name";
        ResultTable.Print(rows, caption);
        if (settings.Markdown is not null) ResultTable.WriteMarkdown(rows, caption, settings.Markdown);
        return 0;

        void Time(string name, bool peer, int threads, Mat image, string path, Action write)
        {
            Console.Error.WriteLine($"  {name}...");
            var first = Stopwatch.StartNew();
            write();
            double firstMs = first.Elapsed.TotalMilliseconds;
            using (var back = Cv2.ImRead(path, ImreadModes.Unchanged))
                if (back.Empty() || back.Type() != image.Type() || Cv2.Norm(back, image, NormTypes.INF) != 0)
                    throw new LumosException($"{name}: the PNG does not read back as the image");
            var times = Enumerable.Range(0, settings.Repeats).Select(_ => { var clock = Stopwatch.StartNew(); write(); return clock.Elapsed.TotalMilliseconds; }).Order().ToArray();
            double median = times[times.Length / 2];
            rows.Add(new BenchRow($"{name} ({new FileInfo(path).Length / 1e6:0.00} MB)", peer, threads, median, megapixels / (median / 1000), null, firstMs));
        }
    }
}
