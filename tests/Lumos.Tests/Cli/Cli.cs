using System.Diagnostics;
using Lumos.Cli;

namespace Lumos.Tests.Cli;

/// <summary>Runs the lumos CLI in-process and captures what it prints, or as a real process.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = LumosApp.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Runs the built CLI as its own process: for what holds once per process (the libtorch self-check) or reads the
    /// environment (<paramref name="environment"/> is added to this process's).
    /// </summary>
    public static Task<Result> RunProcess(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunProgram("dotnet", workingDirectory, environment?.ToDictionary(e => e.Key, e => (string?)e.Value), [Path.Combine(AppContext.BaseDirectory, "Lumos.Cli.dll"), .. args]);

    /// <summary>Runs <paramref name="program"/> (a path, or a name on the PATH) and captures what it prints; a null value in <paramref name="environment"/> removes that variable.</summary>
    public static async Task<Result> RunProgram(string program, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
