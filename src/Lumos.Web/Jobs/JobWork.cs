using Lumos.Batch;
using Lumos.Imaging;
using Lumos.Processing;

namespace Lumos.Web.Jobs;

/// <summary>What a job's run step made of its input.</summary>
/// <param name="Ok">True when the result was written.</param>
/// <param name="Error">Why not, in one line (server paths still in it: <see cref="WebJob"/> cleans them), or null.</param>
/// <param name="Width">Input width (of a video's frames), when read.</param>
/// <param name="Height">Input height, when read.</param>
/// <param name="Milliseconds">Processing time.</param>
public sealed record JobOutcome(bool Ok, string? Error, int? Width, int? Height, double Milliseconds);

/// <summary>
/// The one step that differs between an image job and a video job: turning the job's input file into its output with
/// its operation. Everything around it — the store, ids, queue, work slots, cancellation, expiry, error mapping, events
/// and the result endpoint — is the same for both and lives once (<see cref="JobQueue"/>, <see cref="JobStore"/>).
/// </summary>
public abstract class JobWork
{
    /// <summary>The <see cref="Kind"/> of an image job.</summary>
    public const string ImageKind = "image";

    /// <summary>The <see cref="Kind"/> of a video job.</summary>
    public const string VideoKind = "video";

    /// <summary>What the job processes, as the API reports it.</summary>
    public abstract string Kind { get; }

    /// <summary>Writes <see cref="WebJob.Output"/> from <see cref="WebJob.Input"/>, reporting progress to the job.</summary>
    /// <exception cref="OperationCanceledException">Cancelled (a step that can stop part-way).</exception>
    public abstract JobOutcome Run(WebJob job, IImageOperation operation, CancellationToken cancellation);
}

/// <summary>
/// An image through the core's <see cref="ProcessingJob"/> (which checks cancellation between images, not inside one);
/// its progress moves as a net's tiles or an upscaler's bands are done (<see cref="ImageProgress"/>).
/// </summary>
public sealed class ImageWork(ReadOptions read) : JobWork
{
    /// <inheritdoc />
    public override string Kind => ImageKind;

    /// <inheritdoc />
    public override JobOutcome Run(WebJob job, IImageOperation operation, CancellationToken cancellation)
    {
        FileResult result;
        using (ImageProgress.Track(fraction => job.Report((long)(fraction * 1000), 1000)))
            result = new ProcessingJob(operation, read, new WriteOptions { Overwrite = true }).Run(new BatchItem(job.Input, job.Output));
        return new JobOutcome(result.Ok, result.Error, result.Width, result.Height, result.Milliseconds);
    }
}
