using System.Globalization;

namespace Lumos.Bench;

/// <summary>The built lumos CLI, and the memory of a process it runs, for the benches that drive it from outside.</summary>
internal static class LumosProcess
{
    /// <summary>The Release build of the CLI in this repository (build it first).</summary>
    public static string FindCli()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Lumos.slnx")))
            {
                var cli = Path.Combine(dir.FullName, "src", "Lumos.Cli", "bin", "Release", "net10.0", "linux-x64", "Lumos.Cli");
                return File.Exists(cli) ? cli : throw new LumosException($"{cli} is missing: run dotnet build src/Lumos.Cli -c Release first");
            }
        throw new LumosException("Lumos.slnx not found above the bench");
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
}
