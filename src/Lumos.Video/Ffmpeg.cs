using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Lumos.Video;

/// <summary>
/// Starts Debian's <c>ffmpeg</c> / <c>ffprobe</c> as child processes with redirected streams. Raw pipes rather than
/// a wrapper library: frames cross as bytes into reused buffers, every argument is visible here, and an ffmpeg error
/// reaches the user as its own last line.
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
        catch (Win32Exception e) { throw new LumosException($"{tool} is not installed (Debian: apt-get install ffmpeg); video needs it", e); }
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
