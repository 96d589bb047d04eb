using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lumos.Web.Jobs;

/// <summary>
/// Runs queued jobs through their <see cref="JobWork"/> (an image through the core's processing job, a video frame by
/// frame), each holding a <see cref="WorkSlots"/> slot. A job enters the queue only once its upload is complete, so no
/// worker waits on a client. A job cancelled while queued is skipped; one cancelled while running has its result
/// discarded, and its slot goes to the next job as soon as its step returns (an image's between images, a video's
/// between frames).
/// </summary>
public sealed class JobQueue(JobStore store, WorkSlots slots, ILogger<JobQueue> log) : BackgroundService
{
    private readonly Channel<WebJob> queue = Channel.CreateUnbounded<WebJob>();

    /// <summary>Puts a prepared job in the queue.</summary>
    public void Enqueue(WebJob job)
    {
        if (!queue.Writer.TryWrite(job)) throw new InvalidOperationException("the job queue is closed");
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var running = new List<Task>();
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stopping))
            {
                var slot = await slots.TakeAsync(stopping);
                running.RemoveAll(t => t.IsCompleted);
                // A job blocks for its whole run: on a thread of its own it holds no pool thread, which the event streams
                // and requests need (with pool threads taken, a stream could miss a whole video's percentages).
                running.Add(Task.Factory.StartNew(() =>
                {
                    using (slot) Run(job);
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        foreach (var job in store.All.Where(j => !j.IsEnded)) job.Cancellation.Cancel();
        await Task.WhenAll(running);
    }

    private void Run(WebJob job)
    {
        using var operation = job.TakeOperation();
        if (operation is null || job.Work is null || job.Cancellation.IsCancellationRequested || !job.MoveTo(JobState.Running, store.Now)) return;
        try
        {
            var outcome = job.Work.Run(job, operation, job.Cancellation.Token);
            TryDelete(job.Input); // the client has its original; only the result is kept until it expires
            if (job.Cancellation.IsCancellationRequested)
            {
                JobStore.DeleteFolder(job.Folder);
                return;
            }
            job.MoveTo(outcome.Ok ? JobState.Done : JobState.Failed, store.Now, outcome.Error, outcome.Width, outcome.Height, outcome.Milliseconds);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            JobStore.DeleteFolder(job.Folder); // the job is already cancelled and forgotten; whatever its step left goes
        }
        catch (Exception e)
        {
            // Bad input is reported as a failed outcome; anything thrown is a bug, logged here and reported in one line.
            log.LogError(e, "job {Id} failed", job.Id);
            job.MoveTo(JobState.Failed, store.Now, $"internal error ({e.GetType().Name})");
        }
    }

    private static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (IOException) { }
    }
}
