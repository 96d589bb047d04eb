using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// Runs each thread count in a fresh process. A thread limit must bind both OpenCV's pool and .NET's
/// Parallel.For, which uses the shared thread pool and would otherwise grow past any limit set inside one
/// process. The worker gets DOTNET_PROCESSOR_COUNT=n (Environment.ProcessorCount and the pool's minimum
/// become n), caps the pool at n threads, runs the benchmark on a pool thread (so Parallel.For's calling
/// thread counts towards the n) and calls Cv2.SetNumThreads(n). A fresh process per count also keeps
/// JIT state, caches and peak memory of one count from leaking into the next.
/// </summary>
internal static class WorkerProcess
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Measures <paramref name="threads"/> in a child process and returns its report.</summary>
    public static WorkerReport Launch(BenchSettings settings, int threads)
    {
        var start = StartSelf([.. settings.ToArguments(), "--worker", threads.ToString(CultureInfo.InvariantCulture)]);
        start.Environment["DOTNET_PROCESSOR_COUNT"] = threads.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new LumosException($"the {threads}-thread worker failed (exit code {process.ExitCode})");
        return JsonSerializer.Deserialize<WorkerReport>(output, Json) ?? throw new LumosException("the worker wrote no report");
    }

    /// <summary>How to start this benchmark again in a child process with <paramref name="arguments"/>, its stdout redirected.</summary>
    public static ProcessStartInfo StartSelf(IEnumerable<string> arguments)
    {
        string exe = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the running executable");
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") start.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        foreach (var arg in arguments) start.ArgumentList.Add(arg);
        return start;
    }

    /// <summary>The worker side: limits threads as described above, measures, writes the report to stdout.</summary>
    public static void Serve(BenchSettings settings, int threads)
    {
        if (Environment.ProcessorCount != threads)
            throw new LumosException($"worker expected DOTNET_PROCESSOR_COUNT={threads}, sees {Environment.ProcessorCount} processors");
        ThreadPool.GetMaxThreads(out _, out int io);
        if (!ThreadPool.SetMaxThreads(threads, io)) throw new LumosException($"cannot cap the thread pool at {threads} threads");
        Cv2.SetNumThreads(threads);
        var report = Task.Run(() => ClassicBench.Run(settings, threads, Console.Error)).GetAwaiter().GetResult();
        Console.Out.Write(JsonSerializer.Serialize(report, Json));
    }
}
