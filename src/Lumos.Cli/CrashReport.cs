using System.Runtime.InteropServices;

namespace Lumos.Cli;

/// <summary>
/// What an internal error (a bug, not bad input) leaves behind to be reported by: the whole exception with its stack
/// trace, the command line and the machine, in a file under the temporary folder. The user still sees one line, which
/// names the file; rare native failures (a libtorch assertion after hours of training) cannot be chased without it.
/// </summary>
public static class CrashReport
{
    /// <summary>Writes a report of <paramref name="error"/> and returns its path, or null when it could not be written.</summary>
    /// <param name="error">The exception that ended the command.</param>
    /// <param name="args">The command line, as given.</param>
    /// <param name="folder">Where the report goes (default: the temporary folder).</param>
    public static string? Write(Exception error, IReadOnlyList<string> args, string? folder = null)
    {
        try
        {
            var now = DateTime.UtcNow;
            var path = Path.Combine(folder ?? Path.GetTempPath(), $"lumos-crash-{now:yyyyMMdd-HHmmss}-{Environment.ProcessId}.txt");
            File.WriteAllText(path, $"""
                lumos {LumosVersion.Current}, {now:yyyy-MM-dd HH:mm:ss} UTC
                command: lumos {string.Join(' ', args.Select(Quoted))}
                machine: {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} CPUs, {RuntimeInformation.FrameworkDescription}

                {error}

                """);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static string Quoted(string arg) => arg.Length > 0 && !arg.Any(char.IsWhiteSpace) ? arg : $"'{arg}'";
}
