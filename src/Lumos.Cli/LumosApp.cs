using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli;

/// <summary>Builds the lumos command line and maps errors to exit codes in one place.</summary>
public static class LumosApp
{
    /// <summary>Exit code: everything worked.</summary>
    public const int Success = 0;
    /// <summary>Exit code: the input or an operation failed (or some files of a batch did).</summary>
    public const int Failure = 1;
    /// <summary>Exit code: the command line itself was wrong.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the CLI with the given arguments, writing to the given streams.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("lumos");
            config.Settings.Console = console;
            config.PropagateExceptions();
        });
        try
        {
            return app.Run(args);
        }
        catch (LumosException e)
        {
            error.WriteLine($"lumos: {e.Message}");
            return Failure;
        }
        catch (CommandAppException e)
        {
            error.WriteLine($"lumos: {e.Message.Split('\n')[0]}");
            return UsageError;
        }
    }
}
