using System.Threading.Channels;
using Lumos.Batch;
using Lumos.Imaging;
using Lumos.Processing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lumos.Web.Jobs;

/// <summary>
/// Runs queued jobs through the core's <see cref="ProcessingJob"/>, each holding a <see cref="WorkSlots"/> slot. A job
/// enters the queue only once its upload is complete, so no worker waits on a client. A job cancelled while queued is
/// skipped; one cancelled while running has its result discarded, and its slot goes to the next job as soon as the
/// core returns (the core checks for cancellation between images, not inside one).
/// </summary>
public sealed class JobQueue(JobStore store, WorkSlots slots, ServeOptions options, ILogger<JobQueue> log) : BackgroundService
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
                running.Add(Task.Run(() =>
                {
                    using (slot) Run(job);
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        foreach (var job in store.All.Where(j => !j.IsEnded)) job.Cancellation.Cancel();
        await Task.WhenAll(running);
    }

    private void Run(WebJob job)
    {
        using var operation = job.TakeOperation();
        if (operation is null || job.Cancellation.IsCancellationRequested || !job.MoveTo(JobState.Running, store.Now)) return;
        try
        {
            var write = new WriteOptions { Overwrite = true };
            var result = new ProcessingJob(operation, options.ReadOptions, write).Run(new BatchItem(job.Input, job.Output));
            TryDelete(job.Input); // the client has its original; only the result is kept until it expires
            if (job.Cancellation.IsCancellationRequested)
            {
                JobStore.DeleteFolder(job.Folder);
                return;
            }
            job.MoveTo(result.Ok ? JobState.Done : JobState.Failed, store.Now, result.Error, result.Width, result.Height, result.Milliseconds);
        }
        catch (Exception e)
        {
            // The core reports bad input as a failed result; anything thrown is a bug, logged here and reported in one line.
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
