using Lumos.Cli.Commands;
using Lumos.Imaging;
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
    /// <summary>Exit code: stopped by Ctrl-C (SIGINT) or SIGTERM, as shells report 128 + SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// The examples <c>lumos --help</c> shows. Paths are relative to the repository root; a test runs
    /// every one of them there so they never rot.
    /// </summary>
    public static IReadOnlyList<string[]> Examples { get; } =
    [
        ["enhance", "samples/dark-coffee.png", "-o", "out/coffee-lime.png", "-m", "lime", "--overwrite"],
        ["enhance", "samples", "-o", "out/clahe", "-m", "clahe", "-p", "clip-limit=3", "--overwrite"],
        ["enhance", "samples/dark-*.png", "-o", "out/msrcr", "--format", "jpg", "-m", "msrcr", "--overwrite", "--json"],
        ["upscale", "samples/coffee.jpg", "-o", "out/coffee-x3.png", "--scale", "3", "-m", "bicubic", "--overwrite"],
        ["run", "--preset", "old-photo", "samples/dark-chelsea.png", "-o", "out/chelsea-old-photo.png", "--overwrite"],
        ["presets"],
        ["methods"],
        ["methods", "dong"],
        ["eval", "-m", "identity,he,clahe,dong", "-d", "samples", "-o", "out/eval", "--overwrite"],
        ["info", "samples/dark-coffee.png"],
        ["info", "samples/dark-coffee.png", "-o", "out/coffee-histogram.png", "--overwrite"],
        ["measure", "samples/dark-coffee.png", "--ref", "samples/coffee.jpg"],
        ["export", "fsrcnn-x3", "-o", "out/fsrcnn-x3.onnx", "--overwrite"],
    ];

    /// <summary>Runs the CLI with the given arguments, writing to the given streams.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="interactive">Whether standard output is a terminal (colours; no plain per-file lines while a bar shows).</param>
    /// <param name="cancellationToken">Cancelled by Ctrl-C or SIGTERM: long jobs stop cleanly and the exit code is <see cref="Interrupted"/>.</param>
    /// <param name="progress">Where live progress bars are drawn (standard error when it is a terminal), or null for none.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false, CancellationToken cancellationToken = default,
        TextWriter? progress = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive) console.Profile.Width = 160;
        var live = progress is null ? null : AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(progress),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        var app = new CommandApp(new ServiceRegistrar(new CliServices(console, error, interactive, live)));
        app.Configure(config =>
        {
            config.SetApplicationName("lumos");
            config.SetApplicationVersion(LumosVersion.Current);
            config.Settings.Console = console;
            config.PropagateExceptions();
            config.UseStrictParsing(); // a misspelt option is an error, not silently ignored
            config.AddCommand<EnhanceCommand>("enhance").WithDescription("Enhance dark images with a low-light method.");
            config.AddCommand<UpscaleCommand>("upscale").WithDescription("Upscale images by 2, 3 or 4 with a super-resolution method.");
            config.AddCommand<VideoCommand>("video").WithDescription("Enhance or upscale a whole video frame by frame (ffmpeg), audio copied.");
            config.AddCommand<RunCommand>("run").WithDescription("Run a pipeline (.json) or a preset over images: chains of methods and upscalers.");
            config.AddCommand<PresetsCommand>("presets").WithDescription("List the presets: named pipelines for night photos, surveillance, remote sensing, medical scans, old photos, haze.");
            config.AddCommand<MethodsCommand>("methods").WithDescription("List enhancement methods with their parameters and defaults.");
            config.AddCommand<InfoCommand>("info").WithDescription("Show brightness, contrast, entropy and the histogram of an image.");
            config.AddCommand<EvalCommand>("eval").WithDescription("Compare methods on datasets: measures, runtime, CSV/JSON/markdown and an HTML report.");
            config.AddCommand<TrainCommand>("train").WithDescription("Train a net (e.g. zerodce) on a folder of images; writes a checkpoint and its loss curve.");
            config.AddCommand<ExportCommand>("export").WithDescription("Export a built-in net's checkpoint to an ONNX model (runs with --onnx, no flags needed).");
            config.AddCommand<ServeCommand>("serve").WithDescription("Serve the web page and HTTP API (upload, method forms, progress, before/after) on 127.0.0.1:5178.");
            config.AddCommand<MeasureCommand>("measure").WithDescription("Measure image quality; with --ref also PSNR, SSIM, MS-SSIM, CIEDE2000 and LOE against it.");
            config.AddCommand<CompletionCommand>("completion").WithDescription("Print a bash or zsh completion script (verbs, options, method and preset names).");
            foreach (var example in Examples) config.AddExample(example);
        });
        // Every failure ends here: one line on standard error, never a stack trace, and its exit code.
        try
        {
            try { NativeLibraries.LoadOpenCv(); }
            catch (LumosException) when (OnlyHelpOrVersion(args)) { } // they need no OpenCV: a broken machine still shows them
            return app.Run(AfterDoubleDash(args), cancellationToken);
        }
        catch (LumosException e)
        {
            error.WriteLine($"lumos: {InCliWords(e.Message)}");
            return e.IsUsageError ? UsageError : Failure;
        }
        catch (CommandAppException e)
        {
            // A file name read as an option names the file and the way out.
            var dashed = args.TakeWhile(a => a != "--").FirstOrDefault(a => a.Length > 2 && a[0] == '-' && a[1] != '-' && a.Contains('.')
                && !double.TryParse(a, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)); // -0.1 is a value, not a file
            error.WriteLine($"lumos: {ParseError(FirstLine(e.Message), args)}{(dashed is null ? "" : $" ({dashed}: put file names that start with a dash after --)")}");
            return UsageError;
        }
        catch (OperationCanceledException e)
        {
            error.WriteLine($"lumos: {(e.Message.StartsWith("interrupted", StringComparison.Ordinal) ? e.Message : "interrupted")}");
            return Interrupted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"lumos: {AtomicFile.Reason(e)}");
            return Failure;
        }
        catch (Exception e)
        {
            // A bug, not bad input: still one line, with the exception's type and the report with its stack trace.
            var report = CrashReport.Write(e, args);
            error.WriteLine($"lumos: internal error ({e.GetType().Name}: {FirstLine(e.Message)}){(report is null ? "" : $"; report: {report}")}");
            return Failure;
        }
    }

    /// <summary>No arguments, or a request for help or the version: Spectre answers these without running a command.</summary>
    private static bool OnlyHelpOrVersion(string[] args) =>
        args is [] or ["-v" or "--version"] || args.TakeWhile(a => a != "--").Any(a => a is "-h" or "--help" or "-?");

    /// <summary>
    /// Honours <c>--</c>: what follows it are operands even when they start with a dash (<c>-dark.png</c>). The parser
    /// would take them as options, so each such operand is given as <c>./-dark.png</c>, the same file.
    /// </summary>
    private static string[] AfterDoubleDash(string[] args)
    {
        int dashes = Array.IndexOf(args, "--");
        if (dashes < 0) return args;
        var operands = args[(dashes + 1)..].Select(a => a.StartsWith('-') ? "." + Path.DirectorySeparatorChar + a : a);
        return [.. args[..dashes], .. operands];
    }

    /// <summary>A library message in the CLI's words: "already exists and overwrite is off" says which option allows it.</summary>
    internal static string InCliWords(string message) => message.EndsWith(LumosException.OverwriteOff, StringComparison.Ordinal)
        ? message[..^LumosException.OverwriteOff.Length] + " (use --overwrite to replace it)"
        : message;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>
    /// Spectre's "Failed to convert 'abc' to Nullable`1." in the user's words: the option it was given to, and that it
    /// takes a number. Any other parse error as it is.
    /// </summary>
    private static string ParseError(string message, string[] args)
    {
        var conversion = System.Text.RegularExpressions.Regex.Match(message, @"^Failed to convert '(.*)' to ([\w`]+)\.$");
        if (!conversion.Success) return message;
        var value = conversion.Groups[1].Value;
        int at = Array.IndexOf(args, value);
        var option = at > 0 && args[at - 1].StartsWith('-') ? args[at - 1] : null;
        return option is null ? $"'{value}' is not a number" : $"{option}: '{value}' is not a number"; // only numeric options convert
    }
}
