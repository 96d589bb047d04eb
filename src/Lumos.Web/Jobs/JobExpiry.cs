using Microsoft.Extensions.Hosting;

namespace Lumos.Web.Jobs;

/// <summary>Deletes finished jobs and their files once they are older than <see cref="ServeOptions.Expiry"/>.</summary>
public sealed class JobExpiry(JobStore store, ServeOptions options) : BackgroundService
{
    /// <summary>How often to look: a quarter of the expiry, between 50 ms and a minute.</summary>
    public TimeSpan Period => TimeSpan.FromTicks(Math.Clamp(options.Expiry.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromMinutes(1).Ticks));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping)) store.Expire(options.Expiry);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
    }
}
