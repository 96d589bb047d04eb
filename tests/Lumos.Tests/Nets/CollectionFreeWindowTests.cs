using Lumos.Nets;

namespace Lumos.Tests.Nets;

/// <summary>Runs alone: a collection started by a parallel test would be counted as one inside the window.</summary>
[Collection(nameof(CollectionFreeWindowTests))]
public sealed class CollectionFreeWindowTests
{
    [Fact]
    public void No_collection_starts_inside_the_window_while_two_threads_allocate_within_its_budget()
    {
        // The same churn outside a window collects (the control: the assertion below could fail).
        Assert.True(CollectionsDuring(window: null) > 0);

        var window = new CollectionFreeWindow();
        Assert.Equal(0, CollectionsDuring(window));
        Assert.Equal(0, window.Overflows);
    }

    [Fact]
    public void Libtorch_calls_with_temporary_scalars_inside_the_window_survive_another_thread_allocating()
    {
        // Without the window the same loop failed after 13k-21k calls ("Unknown scalar type", "alpha must not be a
        // floating point number": the finalizer had freed add_'s temporary Scalars); with it, 7 million calls were exact.
        TorchRuntime.EnsureCorrect();
        using var stop = new CancellationTokenSource();
        var allocator = new Thread(() =>
        {
            var recent = new byte[64][];
            for (long i = 0; !stop.IsCancellationRequested; i++) recent[i % recent.Length] = new byte[256];
        });
        allocator.Start();
        using var count = TorchSharp.torch.zeros(1, dtype: TorchSharp.torch.ScalarType.Int64);
        var window = new CollectionFreeWindow();
        try
        {
            for (int round = 0; round < 200; round++)
            {
                window.Open();
                try
                {
                    for (int k = 0; k < 1000; k++) count.add_(1);
                }
                finally { window.Close(); }
            }
        }
        finally
        {
            stop.Cancel();
            allocator.Join();
        }
        Assert.Equal(200_000L, count.item<long>());
        Assert.Equal(0, window.Overflows);
    }

    [Fact]
    public void Allocating_past_the_budget_is_counted_and_doubles_the_budget()
    {
        var window = new CollectionFreeWindow(budget: 16L << 20);
        CollectionsDuring(window);
        Assert.Equal(1, window.Overflows);
        Assert.Equal(32L << 20, window.Budget);

        window.Open();
        window.Close();
        Assert.Equal(1, window.Overflows);
    }

    [Fact]
    public void Closing_twice_or_a_window_never_opened_does_nothing_but_opening_twice_is_a_bug()
    {
        var window = new CollectionFreeWindow();
        window.Close();
        window.Open();
        Assert.Throws<InvalidOperationException>(window.Open);
        window.Close();
        window.Close();
        Assert.Equal(0, window.Overflows);
    }

    [Fact]
    public void A_window_opened_inside_another_on_the_same_thread_rides_on_the_outer_region()
    {
        var (outer, inner) = (new CollectionFreeWindow(), new CollectionFreeWindow());
        outer.Open();
        inner.Open();
        inner.Close();
        Assert.Equal(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
        outer.Close();
        Assert.NotEqual(System.Runtime.GCLatencyMode.NoGCRegion, System.Runtime.GCSettings.LatencyMode);
        Assert.Equal((0, 0), (outer.Overflows, inner.Overflows));
    }

    /// <summary>Gen-0 collections while this thread and a worker each allocate 40 MB in 1 KB pieces.</summary>
    private static int CollectionsDuring(CollectionFreeWindow? window)
    {
        window?.Open();
        int before = GC.CollectionCount(0);
        try
        {
            var worker = Task.Run(Churn);
            Churn();
            worker.Wait();
            return GC.CollectionCount(0) - before;
        }
        finally { window?.Close(); }
    }

    private static void Churn()
    {
        var recent = new byte[16][]; // kept a moment, so the JIT cannot put them on the stack
        for (int i = 0; i < 40_000; i++) recent[i % recent.Length] = new byte[1024];
    }
}

[CollectionDefinition(nameof(CollectionFreeWindowTests), DisableParallelization = true)]
public sealed class CollectionFreeWindowCollection;
