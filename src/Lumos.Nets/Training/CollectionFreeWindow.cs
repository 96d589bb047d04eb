using System.Runtime;

namespace Lumos.Nets.Training;

/// <summary>
/// Keeps the .NET garbage collector out of a stretch where two threads call libtorch at once (the trainer's step and
/// its prefetch worker). TorchSharp 0.107 hands temporary <c>Scalar</c>s (every <c>add_(1)</c>, every alpha and
/// clamp bound) to libtorch by handle without keeping the managed object alive, so a collection started by one thread
/// while another is inside such a call lets the finalizer free the Scalar under libtorch: "Unknown scalar type" (it
/// stopped an SRResNet run in BatchNorm's <c>num_batches_tracked.add_(1)</c> at step ~2,300) or, worse, a silently
/// wrong value. A collection started by the only thread that calls libtorch is harmless: that thread is then in managed
/// code, where its Scalars are still referenced. So collections may run only while the worker is idle; this window
/// opens a no-GC region (which collects first, while just one thread runs) and closes it once both threads are done.
/// One window is open at a time in a process; another caller waits for it.
/// </summary>
internal sealed class CollectionFreeWindow
{
    private const long MaximumBudget = 4L << 30;
    private static readonly Lock OpenWindow = new();
    private long budget;
    private bool open;

    /// <param name="budget">Bytes the threads may allocate while the window is open; doubled after each overflow.</param>
    public CollectionFreeWindow(long budget = 256L << 20) => this.budget = budget;

    /// <summary>Times the threads allocated more than the budget, so that a collection ran inside the window.</summary>
    public int Overflows { get; private set; }

    /// <summary>The current budget in bytes.</summary>
    public long Budget => budget;

    /// <summary>Opens the window: call it while no other thread of this process calls libtorch.</summary>
    public void Open()
    {
        if (open) throw new InvalidOperationException("the window is already open");
        OpenWindow.Enter();
        open = true;
        GC.TryStartNoGCRegion(budget); // false when the memory cannot be had: the window then protects nothing, which Close counts
    }

    /// <summary>Closes the window: call it once the other thread has finished its libtorch calls.</summary>
    public void Close()
    {
        if (!open) return;
        try
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
            else Overflow(); // the runtime left the region for a collection
        }
        finally
        {
            open = false;
            OpenWindow.Exit();
        }
    }

    private void Overflow()
    {
        Overflows++;
        budget = Math.Min(2 * budget, MaximumBudget);
    }
}
