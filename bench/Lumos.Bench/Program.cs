using Lumos;
using Lumos.Bench;

// Lumos.Bench classic: times every registered method and OpenCV peers (C# and Python) on a 12 MP photo (see BenchSettings.Usage).
try
{
    var settings = BenchSettings.Parse(args);
    if (settings.Worker is int threads)
    {
        WorkerProcess.Serve(settings, threads);
        return 0;
    }
    if (settings.Verb == "measures") return MeasuresBench.Run(settings);
    if (settings.Verb == "engines") return EnginesBench.Run(settings);
    if (settings.Verb == "footprint") return FootprintBench.Run(settings);
    if (settings.Verb == "gpu") return GpuBench.Run(settings);
    if (settings.Verb == "batch") return BatchBench.Run(settings);
    if (settings.Verb == "video") return VideoBench.Run(settings);
    if (settings.Verb == "web") return WebBench.Run(settings);
    if (settings.Verb == "png") return PngBench.Run(settings);
    ClassicBench.CheckNames(settings.Methods);
    var reports = settings.Threads.Select(n => WorkerProcess.Launch(settings, n)).ToArray();
    var measured = reports.SelectMany(r => r.Rows).ToArray();
    var rows = ClassicBench.WithRatios(measured).OrderBy(r => r.Peer).ThenBy(r => r.Method, StringComparer.Ordinal).ThenBy(r => r.Threads).ToArray();
    var first = reports[0];
    double bandwidth = MemoryBandwidth.BytesPerSecond();
    string caption = $"{first.Image}, {first.Width}x{first.Height}; median of {settings.Repeats} runs after 1 warm-up; "
        + $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; peak = RSS above baseline; "
        + "first = the first call (warm-up; a fresh process for Python peers); × best peer = median over the fastest peer's "
        + $"(same operation, same threads; × python peer the same for Debian's cv2 or the numpy reference); copy bandwidth {bandwidth / 1e9:0.0} GB/s (1 thread, read + write), "
        + $"so reading and writing {first.Width}x{first.Height}x3 bytes once takes {2.0 * first.Width * first.Height * 3 / bandwidth * 1000:0.0} ms";
    ResultTable.Print(rows, caption);
    if (settings.Markdown is not null) ResultTable.WriteMarkdown(rows, caption, settings.Markdown);
    return 0;
}
catch (LumosException e)
{
    Console.Error.WriteLine($"lumos-bench: {e.Message}");
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}
