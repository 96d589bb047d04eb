using System.Diagnostics;
using Lumos.Processing;
using Lumos.Video;

namespace Lumos.Web.Jobs;

/// <summary>
/// A video through <see cref="VideoJob"/>: every frame processed as an image would be, progress reported as frames done
/// of the total, and cancellation honoured between frames, so deleting a running video frees its worker within a frame
/// (the encoder's partial output is deleted by the video job itself).
/// </summary>
public sealed class VideoWork(VideoOptions options) : JobWork
{
    /// <inheritdoc />
    public override string Kind => VideoKind;

    /// <inheritdoc />
    public override JobOutcome Run(WebJob job, IImageOperation operation, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = VideoJob.Run(job.Input, job.Output, operation, options with { Overwrite = true }, new Progress(job), cancellation);
            return new JobOutcome(true, null, result.Input.Width, result.Input.Height, result.Seconds * 1000);
        }
        catch (LumosException e)
        {
            return new JobOutcome(false, e.Message, null, null, clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Passes each frame's progress straight to the job, on the worker's thread (no synchronisation context to post to).</summary>
    private sealed class Progress(WebJob job) : IProgress<VideoProgress>
    {
        public void Report(VideoProgress value) => job.Report(value.Frames, value.Total);
    }
}
