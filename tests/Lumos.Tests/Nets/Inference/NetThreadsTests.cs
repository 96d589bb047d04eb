using Lumos.Nets.Inference;
using Lumos.Nets.Onnx;
using Lumos.Processing;
using Lumos.SuperResolution;
using Lumos.Web.Api;

namespace Lumos.Tests.Nets.Inference;

/// <summary>
/// The <c>threads</c> setting reaches ONNX Runtime, whose pool ignores <c>OMP_NUM_THREADS</c>: a session of n threads
/// starts n − 1 workers beside the caller. A worker is told from the other threads of the test process by its life: it
/// appears while the session opens and is gone once the session is disposed (ONNX Runtime joins its pool). The class
/// runs alone, so no other test's session comes and goes in that window.
/// </summary>
[Collection(nameof(NetThreadsTests))]
public sealed class NetThreadsTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(5, 4)]
    public void A_built_in_nets_threads_setting_sizes_onnx_runtimes_pool(int threads, int workers)
    {
        var run = new NetRunOptions { Threads = threads };

        int started = PoolWorkers(() => NetSessions.Open("fsrcnn", new Lumos.Nets.Archs.FsrcnnOptions { Scale = 2 }, "fsrcnn-x2", run));

        Assert.Equal(workers, started);
    }

    [Fact]
    public void An_onnx_models_threads_parameter_sizes_onnx_runtimes_pool()
    {
        using var folder = TestData.TempFolder();
        var model = folder.File("fsrcnn-x2.onnx");
        File.WriteAllBytes(model, NetExport.FromCheckpoint("fsrcnn-x2").Model);

        int started = PoolWorkers(() => Upscalers.Registry.Create("onnx", [new("model", model), new("threads", "3")]));

        Assert.Equal(2, started);
    }

    [Fact]
    public void A_servers_jobs_run_their_nets_on_the_servers_thread_count()
    {
        using var image = TestData.DarkColour(24, 16);

        int started = PoolWorkers(() =>
        {
            var (_, operation) = JobSettings.Build([new("method", "fsrcnn"), new("scale", "2")], threads: 3);
            using var output = Processor.Apply(operation, image); // nets open on first use
            return operation;
        });

        Assert.Equal(2, started);
    }

    /// <summary>The threads that <paramref name="open"/> starts and that end when its result is disposed.</summary>
    private static int PoolWorkers(Func<object> open)
    {
        var before = Threads();
        var opened = open();
        var during = Threads();
        ((IDisposable)opened).Dispose();
        var after = Threads();
        return during.Count(id => !before.Contains(id) && !after.Contains(id));
    }

    private static HashSet<string> Threads() =>
        Directory.GetDirectories("/proc/self/task").Select(Path.GetFileName).OfType<string>().ToHashSet();
}

/// <summary>Runs <see cref="NetThreadsTests"/> after the parallel tests, alone.</summary>
[CollectionDefinition(nameof(NetThreadsTests), DisableParallelization = true)]
public sealed class NetThreadsCollection;
