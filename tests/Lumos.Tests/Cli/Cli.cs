using Lumos.Cli;

namespace Lumos.Tests.Cli;

/// <summary>Runs the lumos CLI in-process and captures what it prints.</summary>
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
}
