using System.Runtime;

namespace Lumos.Nets;

/// <summary>
/// Keeps the .NET garbage collector out of a stretch where libtorch runs beside other managed threads: the trainer's
/// step and its prefetch worker, or a TorchSharp forward pass while a web server or a progress display allocates. TorchSharp 0.107 hands temporary <c>Scalar</c>s (every <c>add_(1)</c>, every alpha and
/// clamp bound) to libtorch by handle without keeping the managed object alive, so a collection started by one thread
/// while another is inside such a call lets the finalizer free the Scalar under libtorch: "Unknown scalar type" (it
/// stopped an SRResNet run in BatchNorm's <c>num_batches_tracked.add_(1)</c> at step ~2,300) or, worse, a silently
/// wrong value. A collection started by the only thread that calls libtorch is harmless: that thread is then in managed
/// code, where its Scalars are still referenced. So collections may start only outside the window: it opens a no-GC
/// region (which collects first: call it while no other thread is inside libtorch) and closes it once the libtorch
/// work is done. One window is open at a time in a process; another caller waits for it.
/// </summary>
internal sealed class CollectionFreeWindow
{
    private const long MaximumBudget = 4L << 30;
    private static readonly Lock OpenWindow = new();
    private static int depth; // windows open on the thread holding OpenWindow: an inner one (a net run during training) rides on the outer region
    private long budget;
    private bool open, outermost;

    /// <param name="budget">Bytes the threads may allocate while the window is open; doubled after each overflow.</param>
    public CollectionFreeWindow(long budget = 256L << 20) => this.budget = budget;

    /// <summary>Times the threads allocated more than the budget, so that a collection ran inside the window.</summary>
    public int Overflows { get; private set; }

    /// <summary>The current budget in bytes.</summary>
    public long Budget => budget;

    /// <summary>Opens the window (waiting for another thread's to close): call it while no other thread is inside libtorch.</summary>
    public void Open()
    {
        OpenWindow.Enter();
        if (open)
        {
            OpenWindow.Exit();
            throw new InvalidOperationException("the window is already open");
        }
        open = true;
        outermost = depth++ == 0;
        // False when the memory cannot be had: the window then protects nothing, which Close counts.
        if (outermost) GC.TryStartNoGCRegion(budget);
    }

    /// <summary>Closes the window: call it once the other thread has finished its libtorch calls.</summary>
    public void Close()
    {
        if (!open || !OpenWindow.IsHeldByCurrentThread) return;
        try
        {
            if (!outermost) return;
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
            else Overflow(); // the runtime left the region for a collection
        }
        finally
        {
            open = false;
            depth--;
            OpenWindow.Exit();
        }
    }

    private void Overflow()
    {
        Overflows++;
        budget = Math.Min(2 * budget, MaximumBudget);
    }
}
