using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Lumos.Video;

/// <summary>
/// Starts Debian's <c>ffmpeg</c> / <c>ffprobe</c> (and <c>mkvmerge</c>, for variable frame rate) as child processes
/// with redirected streams. Raw pipes rather than a wrapper library: frames cross as bytes into reused buffers, every
/// argument is visible here, and an ffmpeg error reaches the user as its own last line.
/// </summary>
internal sealed class Ffmpeg : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder errors = new();
    private readonly string tool;

    private Ffmpeg(string tool, IEnumerable<string> arguments, bool input)
    {
        this.tool = tool;
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input, UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try { process = Process.Start(start)!; }
        catch (Win32Exception e) { throw new LumosException($"{tool} is not installed (Debian: apt-get install {Package(tool)}); video needs it", e); }
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.BeginErrorReadLine();
    }

    /// <summary>Runs <c>ffprobe</c> and returns its standard output.</summary>
    /// <exception cref="LumosException">ffprobe is missing or failed; the message is its last error line.</exception>
    public static string Probe(IEnumerable<string> arguments)
    {
        using var probe = new Ffmpeg("ffprobe", arguments, input: false);
        var output = probe.process.StandardOutput.ReadToEnd();
        probe.process.WaitForExit();
        if (probe.process.ExitCode != 0) throw new LumosException(probe.LastError() ?? "ffprobe failed");
        return output;
    }

    /// <summary>Runs <paramref name="tool"/> (a remux step) to its end.</summary>
    /// <param name="tool">ffmpeg or mkvmerge.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="file">The file named in an error.</param>
    /// <param name="success">The highest exit code that is a success (mkvmerge exits 1 after mere warnings).</param>
    /// <exception cref="LumosException">The tool is missing or failed; the message is its last error line.</exception>
    public static void Run(string tool, IEnumerable<string> arguments, string file, int success = 0)
    {
        using var run = new Ffmpeg(tool, arguments, input: false);
        // mkvmerge reports its errors on the standard output.
        var output = run.process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        run.process.WaitForExit();
        if (run.process.ExitCode > success)
            throw new LumosException($"{file}: {run.LastError() ?? output.LastOrDefault() ?? $"{tool} failed (exit {run.process.ExitCode})"}");
    }

    /// <summary>Checks that <paramref name="tool"/> is on the PATH, before hours of frames depend on it.</summary>
    /// <param name="tool">The program.</param>
    /// <param name="purpose">What needs it, for the message.</param>
    /// <exception cref="LumosException">It is not, with the package that brings it.</exception>
    public static void Require(string tool, string purpose)
    {
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(folder => folder.Length > 0 && File.Exists(Path.Combine(folder, tool))))
            throw new LumosException($"{tool} is not installed (Debian: apt-get install {Package(tool)}); {purpose}");
    }

    private static string Package(string tool) => tool == "mkvmerge" ? "mkvtoolnix" : "ffmpeg";

    /// <summary>Starts <c>ffmpeg</c>; read frames from <see cref="Output"/> or write them to <see cref="Input"/>.</summary>
    public static Ffmpeg Start(IEnumerable<string> arguments, bool input) => new("ffmpeg", arguments, input);

    /// <summary>Its standard output (raw frames of a decoder).</summary>
    public Stream Output => process.StandardOutput.BaseStream;

    /// <summary>Its standard input (raw frames to an encoder).</summary>
    public Stream Input => process.StandardInput.BaseStream;

    /// <summary>Waits for the process and throws its last error line when it failed.</summary>
    /// <exception cref="LumosException">A non-zero exit code.</exception>
    public void Finish(string file)
    {
        process.WaitForExit();
        if (process.ExitCode != 0) throw new LumosException($"{file}: {LastError() ?? $"{tool} failed (exit {process.ExitCode})"}");
    }

    /// <summary>Closes its standard output and lets it end on the broken pipe, its exit status ignored (a decoder stopped early).</summary>
    public void Abandon()
    {
        Output.Close();
        process.WaitForExit(10_000);
    }

    /// <summary>The last line ffmpeg wrote on its error stream, or null.</summary>
    public string? LastError()
    {
        process.WaitForExit(2000);
        lock (errors)
            return errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        process.Dispose();
    }
}
