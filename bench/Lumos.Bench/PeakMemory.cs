namespace Lumos.Bench;

/// <summary>
/// Peak resident memory of this process on Linux: writing "5" to /proc/self/clear_refs resets VmHWM (the
/// RSS high-water mark) to the current RSS, so VmHWM read later is the peak since the reset.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Resets the high-water mark and returns the current RSS in bytes, or null where unsupported.</summary>
    public static long? Reset()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        return Read("VmRSS:");
    }

    /// <summary>The peak RSS in bytes since the last <see cref="Reset"/>, or null where unsupported.</summary>
    public static long? Peak() => Read("VmHWM:");

    private static long? Read(string field)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            // e.g. "VmHWM:	  123456 kB"
            return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
