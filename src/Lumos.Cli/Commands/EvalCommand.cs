using System.ComponentModel;
using Lumos.Charts;
using Lumos.Evaluation;
using Lumos.Registry;
using Lumos.Video;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos eval</c>.</summary>
public sealed class EvalSettings : NetShortcutSettings
{
    /// <summary>Methods to compare.</summary>
    [CommandOption("-m|--methods <NAMES>"), Description("Comma-separated methods, e.g. identity,he,clahe,dong,msrcr,lime; NAME@VARIANT runs a method again under its own label (see -p); A+B runs A, then B on its result (e.g. lime+dncnn)")]
    public string Methods { get; init; } = "";

    /// <summary>Datasets.</summary>
    [CommandOption("-d|--data <PATH>"), Description("Dataset: folder with low/ and high/ (paired), plain folder (unpaired) or pairs .csv; repeatable")]
    public string[] Data { get; init; } = [];

    /// <summary>Report folder.</summary>
    [CommandOption("-o|--output|--out <FOLDER>"), Description("Report folder: results.csv, results.json, summary.md, report.html, charts/")]
    public string? Out { get; init; }

    /// <summary>Measures to compute.</summary>
    [CommandOption("--measures <NAMES>"), Description("Comma-separated measures (default: every measure that applies)")]
    public string? Measures { get; init; }

    /// <summary>Replace an existing report.</summary>
    [CommandOption("--overwrite"), Description("Replace an existing report in the output folder")]
    public bool Overwrite { get; init; }

    /// <summary>Task: low-light enhancement or super-resolution.</summary>
    [CommandOption("--task <TASK>"), Description("lowlight: dark images, with high/ references where paired; darkened: images are normal-light ground truths, darkened into the inputs (see --darkening); sr: images are ground truths, degraded by MATLAB bicubic; methods are upscalers; PSNR/SSIM on Y with border crop; video: -d folders of videos, each method's result (lossless) measured for flicker, warping error and brightness"), DefaultValue("lowlight")]
    public string Task { get; init; } = "";

    /// <summary>Super-resolution scale.</summary>
    [CommandOption("-s|--scale <S>"), Description("Super-resolution scale (with --task sr), 4 when not given: 2 to 8, the nets' models 2, 3 or 4")]
    public int? Scale { get; init; }

    /// <summary>Video mode time constant.</summary>
    [CommandOption("--smoothing <SECONDS>"), Description("With --task video: time constant of the methods' video mode, seconds; 0 = every frame its own statistics"), DefaultValue(0.5)]
    public double Smoothing { get; init; }

    /// <summary>Method parameters as method.name=value.</summary>
    [CommandOption("-p|--param <[METHOD.]NAME=VALUE>"), Description("Parameter, repeatable: of one method (-p lime.gamma=0.7), of every method that takes it (-p tile=256), of one step of a chain (-m he+gamma -p he.channel=v), or of a variant to compare one method twice (-m fsrcnn@old,fsrcnn@new -p fsrcnn@new.weights=new.lumosnet)")]
    public string[] Parameters { get; init; } = [];

    /// <summary>Exit 0 even when images were skipped.</summary>
    [CommandOption("--allow-skipped"), Description("Exit 0 even when unreadable images were left out or skipped (default: exit 1, the report is still written)")]
    public bool AllowSkipped { get; init; }

    /// <summary>Darkening of --task darkened.</summary>
    [CommandOption("--darkening <NAME=VALUE,...>"), Description("With --task darkened: low = exposure*x^gamma, then Poisson shot noise (poisson-peak photons at white) and Gaussian read noise, seeded by file name (default: gamma=2.5,exposure=1,poisson-peak=200,read-noise=0.005)")]
    public string? Darkening { get; init; }

    /// <summary>Print results.json content.</summary>
    [CommandOption("--json"), Description("Print the summary as JSON instead of a table")]
    public bool Json { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        Methods.Length == 0 ? ValidationResult.Error("missing -m|--methods <NAMES>")
        : Data.Length == 0 ? ValidationResult.Error("missing -d|--data <PATH>")
        : RequiredPath.Error(Out, "-o|--output <FOLDER>") is { } output ? ValidationResult.Error(output)
        : Task is not ("lowlight" or "darkened" or "sr" or "video") ? ValidationResult.Error("--task must be lowlight, darkened, sr or video")
        : Darkening is not null && Task != "darkened" ? ValidationResult.Error("--darkening goes with --task darkened")
        : Smoothing < 0 ? ValidationResult.Error("--smoothing must not be negative")
        : Scale is < 2 or > 8 ? ValidationResult.Error("--scale must be 2 to 8")
        : Scale is not null && Task != "sr" ? ValidationResult.Error("--scale goes with --task sr")
        : NetShortcuts.Validate(this) is { } error ? ValidationResult.Error(error)
        : ValidationResult.Success();
}

/// <summary><c>lumos eval</c>: methods × datasets with measures, timing and an HTML report.</summary>
public sealed class EvalCommand(CliServices services) : Command<EvalSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, EvalSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.Overwrite && File.Exists(Path.Combine(settings.Out!, "results.csv")))
            throw new LumosException($"{settings.Out}: already holds a report (use --overwrite to replace it)");
        bool video = settings.Task == "video";
        if (video && settings.Measures is not null) throw LumosException.Usage("--measures: a video evaluation measures flicker, warping error and brightness");
        Func<string, EvalDataset> load = video ? VideoEvaluation.Dataset : EvalDataset.Load;
        var datasets = EvalDataset.NamedApart([.. settings.Data.Select(path => (path, load(path)))]);
        foreach (var problem in datasets.SelectMany(d => d.Problems)) services.Error.WriteLine($"lumos: left out {problem}");
        IEvaluationTask task = settings.Task switch
        {
            "sr" => new SuperResolutionTask(settings.Scale ?? 4),
            "darkened" => new DarkenedTask(new Darkening((DarkeningOptions)OptionsBinder.Bind(typeof(DarkeningOptions), "--darkening",
                OptionsBinder.ParsePairs((settings.Darkening ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))))),
            _ => new LowLightTask(),
        };
        var parameters = MethodParameters(settings, task);
        var options = new EvalOptions
        {
            Methods = Split(settings.Methods),
            Measures = settings.Measures is null ? null : Split(settings.Measures),
            Task = task,
            MethodParameters = parameters,
        };
        var result = Run(datasets, progress => video
            ? VideoEvaluation.Run(datasets, [.. options.Methods.Select(m => (m, parameters.GetValueOrDefault(m) ?? (IReadOnlyList<KeyValuePair<string, string>>)[]))], settings.Smoothing, progress, cancellationToken)
            : EvaluationRunner.Run(datasets, options, progress, cancellationToken));
        foreach (var problem in result.Problems) services.Error.WriteLine($"lumos: {problem}"); // "skipped …", or a measure's gap
        if (result.Records.Count == 0) throw new LumosException("nothing could be evaluated");

        var run = EvalReport.RunInfo.Current("lumos " + string.Join(' ', context.Arguments));
        EvalReport.Write(result, settings.Out!, run, settings.Overwrite, EvalCharts.Render);
        var writer = services.Console.Profile.Out.Writer;
        if (settings.Json) writer.WriteLine(File.ReadAllText(Path.Combine(settings.Out!, "results.json")));
        else
        {
            writer.WriteLine(EvalReport.Markdown(result, EvalSummary.Of(result), run));
            writer.WriteLine($"report written to {Path.Combine(settings.Out!, "report.html")}");
        }
        // A report that left images out is written, but is not a success unless that was allowed.
        // (A measure undefined for one image, e.g. NIQE on a tiny one, is a gap, not a skipped image.)
        int complete = result.Records.GroupBy(r => (r.Dataset, r.Image)).Count(g => g.Count() >= result.Methods.Count);
        bool incomplete = complete < datasets.Sum(d => d.Samples.Count) || datasets.Any(d => d.Problems.Count > 0);
        return incomplete && !settings.AllowSkipped ? LumosApp.Failure : LumosApp.Success;
    }

    private EvalResult Run(IReadOnlyList<EvalDataset> datasets, Func<IProgress<EvalProgress>?, EvalResult> evaluate)
    {
        int total = Math.Max(1, datasets.Sum(d => d.Samples.Count));
        return LiveProgress.Run(services, "evaluating", report => evaluate(report is null ? null
            : new SynchronousProgress(p => report(new ProgressUpdate(p.Done, total, $"evaluating {p.Current}")))));
    }

    /// <summary>
    /// Groups <c>[method[@variant].]name=value</c> items by method label, after the <c>--engine</c>/<c>--device</c>
    /// shortcuts (so -p wins); an item with no method goes to every method of -m that takes the name, and one naming a
    /// method that is not in -m (a typo) is an error, not silently unused.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>> MethodParameters(EvalSettings settings, IEvaluationTask task)
    {
        var methods = Split(settings.Methods);
        EvaluationRunner.CheckLabels(methods);
        bool Takes(string method, string name) => task.Parameters(EvaluationRunner.MethodOf(method)).Takes(name);
        // A step of a chain (-m he+gamma -p he.channel=v) reaches that step alone, through the chain's own qualified name.
        string[] ChainsWith(string step) => [.. methods.Where(m => LowLightTask.Steps(EvaluationRunner.MethodOf(m)) is { Length: > 1 } steps
            && steps.Contains(step, StringComparer.OrdinalIgnoreCase))];
        var given = OptionsBinder.ParseOwnedPairs(settings.Parameters).SelectMany(item => item.Owner is string owner
                ? (methods.Contains(owner) ? [(Owner: owner, item.Pair)] : Array.Empty<(string Owner, KeyValuePair<string, string> Pair)>())
                    .Concat(ChainsWith(owner).Select(chain => (Owner: chain, Pair: new KeyValuePair<string, string>($"{owner}.{item.Pair.Key}", item.Pair.Value))))
                    .ToArray() is { Length: > 0 } owners ? owners
                : throw LumosException.Usage($"-p {owner}.{item.Pair.Key}={item.Pair.Value}: '{owner}' is not a method of -m ({string.Join(", ", methods)})")
            : methods.Where(m => Takes(m, item.Pair.Key)).Select(m => (Owner: m, item.Pair)).ToArray() is { Length: > 0 } all ? all
            : throw LumosException.Usage($"-p {item.Pair.Key}={item.Pair.Value}: no method of -m takes '{item.Pair.Key}'")).ToArray();
        var shortcuts = methods.SelectMany(method =>
            NetShortcuts.For(task.Parameters(EvaluationRunner.MethodOf(method)), settings).Select(pair => (Owner: method, Pair: pair)));
        return shortcuts.Concat(given)
            .GroupBy(p => p.Owner)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<KeyValuePair<string, string>>)g.Select(p => p.Pair).ToArray());
    }

    private static string[] Split(string names) => names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class SynchronousProgress(Action<EvalProgress> report) : IProgress<EvalProgress>
    {
        public void Report(EvalProgress value) => report(value);
    }
}
