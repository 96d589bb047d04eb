using System.Diagnostics;
using Lumos.Batch;
using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>
/// Where a job stands: reported before each file (<see cref="Finished"/> null, <see cref="Fraction"/> 0), while it
/// runs as its tiles or bands are done (<see cref="ImageProgress"/>), and after it.
/// </summary>
/// <param name="Done">Files finished so far.</param>
/// <param name="Total">Files in the job.</param>
/// <param name="Current">The file being processed or just finished.</param>
/// <param name="Finished">The outcome of <paramref name="Current"/>, or null while it runs.</param>
/// <param name="Fraction">How much of <paramref name="Current"/> is done, 0–1 (1 once finished).</param>
public sealed record JobProgress(int Done, int Total, BatchItem Current, FileResult? Finished, double Fraction = 0)
{
    /// <summary>Files done including the current one's fraction: what a progress bar over <see cref="Total"/> shows.</summary>
    public double Files => Finished is null ? Done + Fraction : Done;
}

/// <summary>What a whole job did: counts and the failures, not every file (a 100,000-file batch stays small).</summary>
/// <param name="Total">Files in the job.</param>
/// <param name="Succeeded">Outputs written.</param>
/// <param name="Failures">Files that failed, each with its one-line error.</param>
/// <param name="Cancelled">True when the job stopped early on cancellation.</param>
public sealed record JobSummary(int Total, int Succeeded, IReadOnlyList<FileResult> Failures, bool Cancelled)
{
    /// <summary>Files processed (written or failed) before the job ended.</summary>
    public int Processed => Succeeded + Failures.Count;
}

/// <summary>
/// The one processing path of Lumos: each input is read (header checks, EXIF orientation), run through an
/// <see cref="IImageOperation"/> by the <see cref="Processor"/> (channels, bands), and written atomically (a temp file
/// renamed into place, so no partial or overwritten output is ever left). Bad input becomes a failed
/// <see cref="FileResult"/> and the job goes on; cancellation stops it between files. The CLI, evaluation and the
/// servers drive it and only render its progress.
/// </summary>
/// <param name="operation">What every image goes through.</param>
/// <param name="read">Read options (size limits); a grey+alpha PNG is always kept as grey + alpha and written as one.</param>
/// <param name="write">Write options (overwrite, JPEG quality, the guard that protects inputs).</param>
public sealed class ProcessingJob(IImageOperation operation, ReadOptions read, WriteOptions write)
{
    /// <summary>Processes <paramref name="items"/> in order, reporting each file; stops before the next file once cancelled.</summary>
    public JobSummary Run(IReadOnlyList<BatchItem> items, IProgress<JobProgress>? progress = null, CancellationToken cancellation = default)
    {
        var failures = new List<FileResult>();
        int succeeded = 0;
        // One output buffer for the whole job: same-size images (a camera's photos, a video's frames) reuse it.
        using var output = new Mat();
        for (int i = 0; i < items.Count; i++)
        {
            if (cancellation.IsCancellationRequested) return new JobSummary(items.Count, succeeded, failures, true);
            var item = items[i];
            int done = i;
            progress?.Report(new JobProgress(done, items.Count, item, null));
            FileResult result;
            using (progress is null ? null : ImageProgress.Track(f => progress.Report(new JobProgress(done, items.Count, item, null, f))))
                result = Run(item, output);
            if (result.Ok) succeeded++;
            else failures.Add(result);
            progress?.Report(new JobProgress(i + 1, items.Count, item, result, 1));
        }
        return new JobSummary(items.Count, succeeded, failures, false);
    }

    /// <summary>Processes one file; never throws for bad input, it reports.</summary>
    public FileResult Run(BatchItem item)
    {
        using var output = new Mat();
        return Run(item, output);
    }

    private FileResult Run(BatchItem item, Mat output)
    {
        var clock = Stopwatch.StartNew();
        int width = 0, height = 0;
        try
        {
            if (!write.Overwrite && File.Exists(item.Output))
                throw LumosException.OutputExists($"{item.Output}: already exists");
            using var image = ImageIO.Read(item.Input, read with { KeepGreyAlpha = true }); // a grey+alpha PNG stays one
            (width, height) = (image.Width, image.Height);
            CheckResultSize(item, width, height);
            Processor.Apply(operation, image, output);
            ImageIO.Write(output, item.Output, write);
            return new FileResult(item.Input, item.Output, null, clock.Elapsed.TotalMilliseconds, width, height);
        }
        catch (LumosException e)
        {
            return new FileResult(item.Input, item.Output, e.Message, clock.Elapsed.TotalMilliseconds, width, height);
        }
        catch (Exception e) when (e is OpenCVException or InvalidOperationException or OutOfMemoryException)
        {
            // A bug or resource limit, not bad input: still one line, and the batch goes on.
            var line = e.Message.Split('\n')[0];
            var message = e is OutOfMemoryException || line.Contains("Failed to allocate", StringComparison.Ordinal)
                ? $"{item.Input}: not enough memory ({line})"
                : $"{item.Input}: internal error ({e.GetType().Name}: {line})";
            return new FileResult(item.Input, item.Output, message, clock.Elapsed.TotalMilliseconds, width, height);
        }
    }

    /// <summary>
    /// Refuses a result over 16 × the read limit (a ×4 upscale of the largest image read) before any work: a chain of
    /// upscales would otherwise ask for gigapixels and fail only when memory runs out.
    /// </summary>
    private void CheckResultSize(BatchItem item, int width, int height)
    {
        double pixels = (double)width * height * operation.Scale * operation.Scale, limit = 16.0 * read.MaxPixels;
        if (pixels > limit)
            throw new LumosException($"{item.Input}: the result would be {width * (double)operation.Scale:0}×{height * (double)operation.Scale:0} " +
                $"({pixels / 1e6:0.###} MP), above the {limit / 1e6:0.###} MP limit (16 × the read limit, --max-megapixels)");
    }
}
