namespace Lumos.Web.Jobs;

/// <summary>
/// The concurrency limit: every image processed or measured holds one slot while it is decoded and worked on, so the
/// server's memory grows with <see cref="ServeOptions.Concurrency"/>, not with the number of requests. Uploads hold
/// none: a slow client only ever holds its own connection.
/// </summary>
public sealed class WorkSlots(ServeOptions options)
{
    private readonly SemaphoreSlim slots = new(options.Concurrency, options.Concurrency);

    /// <summary>Slots free now.</summary>
    public int Free => slots.CurrentCount;

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> TakeAsync(CancellationToken cancellation)
    {
        await slots.WaitAsync(cancellation);
        return new Slot(slots);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) slots.Release();
        }
    }
}
