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

/// <summary>Reads, enhances and atomically writes one image; failures become a <see cref="FileResult"/> error.</summary>
public static class EnhanceFile
{
    /// <summary>Processes one batch item; never throws for bad input, it reports.</summary>
    public static FileResult Run(BatchItem item, IEnhancementMethod method, ReadOptions read, WriteOptions write)
    {
        var clock = Stopwatch.StartNew();
        int width = 0, height = 0;
        try
        {
            if (!write.Overwrite && File.Exists(item.Output))
                throw new LumosException($"{item.Output}: already exists (use --overwrite to replace it)");
            using var image = ImageIO.Read(item.Input, read);
            (width, height) = (image.Width, image.Height);
            using var result = Enhancer.Apply(method, image);
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
