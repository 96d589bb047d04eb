using System.Diagnostics;
using Lumos.Imaging;
using Lumos.Methods;

namespace Lumos.Batch;

/// <summary>The outcome of enhancing one file.</summary>
/// <param name="Input">Input path.</param>
/// <param name="Output">Output path.</param>
/// <param name="Error">One-line error, or null on success.</param>
/// <param name="Milliseconds">Wall time for read + enhance + write.</param>
/// <param name="Width">Image width (0 when unread).</param>
/// <param name="Height">Image height (0 when unread).</param>
public sealed record FileResult(string Input, string Output, string? Error, double Milliseconds, int Width, int Height)
{
    /// <summary>True when the output was written.</summary>
    public bool Ok => Error is null;
}

/// <summary>Reads, transforms (enhances, upscales) and atomically writes one image; failures become a <see cref="FileResult"/> error.</summary>
public static class EnhanceFile
{
    /// <summary>Enhances one batch item with <paramref name="method"/>; never throws for bad input, it reports.</summary>
    public static FileResult Run(BatchItem item, IEnhancementMethod method, ReadOptions read, WriteOptions write) =>
        Run(item, image => Enhancer.Apply(method, image), read, write);

    /// <summary>Processes one batch item with any image-to-image <paramref name="transform"/>; never throws for bad input, it reports.</summary>
    /// <param name="item">Input and output paths.</param>
    /// <param name="transform">Takes the image as read (grey/BGR/BGRA, 8/16-bit; never modify it) and returns a new one to write.</param>
    /// <param name="read">Read options.</param>
    /// <param name="write">Write options.</param>
    public static FileResult Run(BatchItem item, Func<OpenCvSharp.Mat, OpenCvSharp.Mat> transform, ReadOptions read, WriteOptions write)
    {
        var clock = Stopwatch.StartNew();
        int width = 0, height = 0;
        try
        {
            if (!write.Overwrite && File.Exists(item.Output))
                throw new LumosException($"{item.Output}: already exists (use --overwrite to replace it)");
            using var image = ImageIO.Read(item.Input, read);
            (width, height) = (image.Width, image.Height);
            using var result = transform(image);
            ImageIO.Write(result, item.Output, write);
            return new FileResult(item.Input, item.Output, null, clock.Elapsed.TotalMilliseconds, width, height);
        }
        catch (LumosException e)
        {
            return new FileResult(item.Input, item.Output, e.Message, clock.Elapsed.TotalMilliseconds, width, height);
        }
        catch (Exception e) when (e is OpenCvSharp.OpenCVException or InvalidOperationException or OutOfMemoryException)
        {
            // A bug or resource limit, not bad input: still one line, and the batch goes on.
            var message = $"{item.Input}: internal error ({e.GetType().Name}: {e.Message.Split('\n')[0]})";
            return new FileResult(item.Input, item.Output, message, clock.Elapsed.TotalMilliseconds, width, height);
        }
    }
}
