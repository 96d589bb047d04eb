using System.Diagnostics;
using System.Globalization;

namespace Lumos.Bench;

/// <summary>Runs a real program (the lumos CLI, ffmpeg) as a child process and watches its time and peak memory.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="program"/> to the end: wall seconds, peak RSS (VmHWM polled every 20 ms) and its standard output; exit codes 0 and 1 count as finished.</summary>
    public static (double Seconds, long PeakBytes, string Stdout) Run(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(20)) peak = Math.Max(peak, HighWaterMark(process.Id));
        double seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode is not (0 or 1)) throw new LumosException($"{Path.GetFileName(program)} exited {process.ExitCode}: {stderr.Result.Split('\n')[0]}");
        return (seconds, peak, stdout.Result);
    }

    /// <summary>The peak RSS (VmHWM) of process <paramref name="pid"/> in bytes, or 0 where unreadable.</summary>
    public static long HighWaterMark(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return 0; }
    }

    /// <summary>Resets the peak RSS of process <paramref name="pid"/> to its current RSS (Linux clear_refs "5"); false where not allowed.</summary>
    public static bool ResetHighWaterMark(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>The repository root (the folder holding Lumos.slnx above the bench).</summary>
    public static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lumos.slnx"))) return dir.FullName;
        throw new LumosException("Lumos.slnx not found above the bench");
    }

    /// <summary>The Release build of the CLI in this repository (build it first).</summary>
    public static string FindCli()
    {
        var cli = Path.Combine(Repository(), "src", "Lumos.Cli", "bin", "Release", "net10.0", "linux-x64", "Lumos.Cli");
        return File.Exists(cli) ? cli : throw new LumosException($"{cli} is missing: run dotnet build src/Lumos.Cli -c Release first");
    }
}
