using System.ComponentModel;
using System.Globalization;
using Lumos.Charts;
using Lumos.Imaging;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Training;
using Lumos.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos train</c>.</summary>
public sealed class TrainSettings : CommandSettings
{
    /// <summary>Net to train.</summary>
    [CommandArgument(0, "<net>"), Description("Net to train, e.g. zerodce, mbllen, fsrcnn, vdsr or srgan (a wrong name lists them all)")]
    public string Net { get; init; } = "";

    /// <summary>Training images.</summary>
    [CommandOption("-d|--data <FOLDER>"), Description("Folder of training images (searched recursively)")]
    public string? Data { get; init; }

    /// <summary>Checkpoint to write.</summary>
    [CommandOption("-o|--output|--out <FILE>"), Description("Checkpoint to write (.lumosnet); a loss-curve PNG is written beside it")]
    public string? Out { get; init; }

    /// <summary>Steps.</summary>
    [CommandOption("--steps <N>"), Description("Optimiser steps in all"), DefaultValue(1000)]
    public int Steps { get; init; }

    /// <summary>Batch size.</summary>
    [CommandOption("--batch <N>"), Description("Crops per step"), DefaultValue(8)]
    public int Batch { get; init; }

    /// <summary>Crop side.</summary>
    [CommandOption("--crop <PX>"), Description("Side of the random square crops, pixels"), DefaultValue(128)]
    public int Crop { get; init; }

    /// <summary>Learning rate.</summary>
    [CommandOption("--lr <RATE>"), Description("Initial learning rate (default: the net's recipe, e.g. 1e-4 for Zero-DCE, 1e-3 for FSRCNN)")]
    public double? LearningRate { get; init; }

    /// <summary>Optimiser.</summary>
    [CommandOption("--optimizer <NAME>"), Description("adam or sgd (default: the net's recipe, e.g. sgd for VDSR)")]
    public Lumos.Nets.Training.OptimizerKind? Optimizer { get; init; }

    /// <summary>Weight decay.</summary>
    [CommandOption("--weight-decay <L2>"), Description("L2 weight decay (default: the net's recipe)")]
    public double? WeightDecay { get; init; }

    /// <summary>Gradient-norm clip.</summary>
    [CommandOption("--clip-norm <NORM>"), Description("Clip the gradient norm to this value, 0 = off (default: the net's recipe)")]
    public double? ClipNorm { get; init; }

    /// <summary>Learning-rate decay interval.</summary>
    [CommandOption("--lr-decay-every <FRACTION>"), Description("Divide the learning rate by the recipe's factor after every this fraction of the run, 0 = constant (default: the net's recipe, e.g. 0.25 for VDSR)")]
    public double? DecayEvery { get; init; }

    /// <summary>Seed.</summary>
    [CommandOption("--seed <N>"), Description("Seed of the initial weights and the crops; the same seed gives the same loss curve (the held-out images are the same for every seed)"), DefaultValue(1)]
    public int Seed { get; init; }

    /// <summary>Resume.</summary>
    [CommandOption("--resume"), Description("Continue the run saved in --out where it stopped; a larger --steps extends it and the learning rate never rises again")]
    public bool Resume { get; init; }

    /// <summary>Initial weights.</summary>
    [CommandOption("--init <FILE>"), Description("Start a new run from these weights (a .lumosnet, a shipped model's name or a PyTorch state dict) instead of random ones: fine-tuning")]
    public string? InitialWeights { get; init; }

    /// <summary>Scale augmentation factors.</summary>
    [CommandOption("--shrink <FACTORS>"), Description("Scale augmentation: also crop from copies of every image shrunk by these comma-separated factors (MATLAB bicubic), e.g. 0.9,0.8,0.7,0.6 as in FSRCNN")]
    public string? Shrink { get; init; }

    /// <summary>Validation folder.</summary>
    [CommandOption("--val-data <FOLDER>"), Description("Folder of validation images (default: hold out --val-split of --data)")]
    public string? ValidationData { get; init; }

    /// <summary>Validation split.</summary>
    [CommandOption("--val-split <FRACTION>"), Description("Fraction of --data held out for validation, a seeded choice; folders under 20 images are not split; 0 = no validation"), DefaultValue(0.05)]
    public double ValidationSplit { get; init; }

    /// <summary>Validation interval.</summary>
    [CommandOption("--val-every <N>"), Description("Score the validation images every N steps and keep the best weights in NAME.best.lumosnet (default: 20 rounds per run)")]
    public int ValidateEvery { get; init; }

    /// <summary>Validation crop.</summary>
    [CommandOption("--val-crop <PX>"), Description("Side of the validation centre crops (default: 2 x --crop, at most 256, a multiple of 12)")]
    public int ValidationCrop { get; init; }

    /// <summary>Weight average.</summary>
    [CommandOption("--ema <DECAY>"), Description("Keep an exponential moving average of the weights with this decay (e.g. 0.999) for validation and the best checkpoint (default: off)")]
    public double Ema { get; init; }

    /// <summary>Save interval in minutes.</summary>
    [CommandOption("--save-minutes <M>"), Description("Also save a resumable checkpoint every M minutes, 0 = off"), DefaultValue(5.0)]
    public double SaveMinutes { get; init; }

    /// <summary>Replace an existing checkpoint and loss curve.</summary>
    [CommandOption("--overwrite"), Description("Replace an existing --out checkpoint and its loss-curve PNG (--resume replaces them anyway)")]
    public bool Overwrite { get; init; }

    /// <summary>No synthetic darkening.</summary>
    [CommandOption("--no-darken"), Description("zerodce: train on the images as they are (default: random exposure darkening of each crop); shortcut for -p darken=false")]
    public bool NoDarken { get; init; }

    /// <summary>Super-resolution scale.</summary>
    [CommandOption("-s|--scale <S>"), Description("Scale factor of a super-resolution net (shortcut for -p scale=S)")]
    public int? Scale { get; init; }

    /// <summary>Net options.</summary>
    [CommandOption("-p|--param <NAME=VALUE>"), Description("Architecture option, repeatable, e.g. -p channels=16")]
    public string[] Parameters { get; init; } = [];

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (RequiredPath.Error(Data, "-d|--data <FOLDER>") is { } data) return ValidationResult.Error(data);
        if (RequiredPath.Error(Out, "-o|--output <FILE>") is { } output) return ValidationResult.Error(output);
        if (!Out!.EndsWith(Checkpoint.Extension, StringComparison.OrdinalIgnoreCase)) return ValidationResult.Error($"-o|--output: train writes a checkpoint, give a {Checkpoint.Extension} file");
        if (Steps < 1 || Batch < 1 || Crop < 16) return ValidationResult.Error("--steps and --batch must be positive, --crop at least 16");
        if (LearningRate is double rate && !(rate > 0)) return ValidationResult.Error("--lr must be positive");
        if (WeightDecay is double decay && !(decay >= 0)) return ValidationResult.Error("--weight-decay must not be negative");
        if (ClipNorm is double clip && !(clip >= 0)) return ValidationResult.Error("--clip-norm must not be negative");
        if (DecayEvery is double every && !(every >= 0 && every <= 1)) return ValidationResult.Error("--lr-decay-every must be in [0, 1]");
        if (!(ValidationSplit >= 0 && ValidationSplit < 1)) return ValidationResult.Error("--val-split must be in [0, 1)");
        if (ValidateEvery < 0 || (ValidationCrop != 0 && ValidationCrop < 16)) return ValidationResult.Error("--val-every must not be negative, --val-crop at least 16");
        if (!(Ema >= 0 && Ema < 1)) return ValidationResult.Error("--ema must be in [0, 1)");
        if (!(SaveMinutes >= 0)) return ValidationResult.Error("--save-minutes must not be negative");
        if (Shrink is not null && ShrinkFactors() is null) return ValidationResult.Error("--shrink must be comma-separated factors between 0 and 1, e.g. 0.9,0.8,0.7,0.6");
        return ValidationResult.Success();
    }

    /// <summary>The <c>--shrink</c> factors (none when not given), or null when one is not a number in (0, 1).</summary>
    public double[]? ShrinkFactors()
    {
        if (Shrink is null) return [];
        var factors = new List<double>();
        foreach (var text in Shrink.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double factor) || !(factor > 0 && factor < 1)) return null;
            factors.Add(factor);
        }
        return [.. factors];
    }
}

/// <summary><c>lumos train</c>: trains a net on a folder of images with live progress, then plots the loss curve.</summary>
public sealed class TrainCommand(CliServices services) : Command<TrainSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        var plot = Path.ChangeExtension(settings.Out!, ".loss.png");
        // Checked before a single step: never a training image, never an existing file unless asked (or resumed).
        var guard = new OutputGuard(settings.ValidationData is null ? [settings.Data!] : [settings.Data!, settings.ValidationData]);
        bool replace = settings.Overwrite || settings.Resume;
        foreach (var output in new[] { settings.Out!, plot, Trainer.BestPath(settings.Out!) })
        {
            guard.Check(output);
            if (!replace && File.Exists(output)) throw new LumosException($"{output}: already exists (use --overwrite to replace it)");
            AtomicFile.CheckWritable(output); // not after hours of training
        }

        if (settings.InitialWeights is not null && settings.Resume)
            throw LumosException.Usage("--init starts a new run and --resume continues one: give one of them");
        var parameters = OptionsBinder.ParsePairs(settings.Parameters).ToList();
        if (settings.Scale is int scale) parameters.Add(new("scale", scale.ToString(CultureInfo.InvariantCulture)));
        if (settings.NoDarken)
        {
            // A shortcut for the darken parameter of the objectives that darken their crops (zerodce).
            if (!TrainingObjectives.Registry.Get(settings.Net).Parameters.Takes("darken"))
                throw LumosException.Usage($"--no-darken: {settings.Net} does not darken its crops (it makes its own pairs)");
            parameters.Add(new("darken", "false"));
        }
        var objective = TrainingObjectives.Create(settings.Net, settings.Seed, parameters);
        var options = new TrainOptions
        {
            Data = settings.Data!, Out = settings.Out!, Steps = settings.Steps, Batch = settings.Batch, Crop = settings.Crop, Shrink = settings.ShrinkFactors()!,
            LearningRate = settings.LearningRate, Optimizer = settings.Optimizer, WeightDecay = settings.WeightDecay, ClipNorm = settings.ClipNorm, DecayEvery = settings.DecayEvery, Seed = settings.Seed, Resume = settings.Resume,
            InitialWeights = settings.InitialWeights,
            ValidationData = settings.ValidationData, ValidationSplit = settings.ValidationSplit, ValidateEvery = settings.ValidateEvery,
            ValidationCrop = settings.ValidationCrop, Ema = settings.Ema, SaveMinutes = settings.SaveMinutes,
        };
        var command = "lumos " + string.Join(' ', context.Arguments);
        int every = Math.Max(1, settings.Steps / 100);
        // Ctrl-C stops after the current step; the trainer saves a resumable checkpoint first.
        var meta = Trainer.Run(objective, options, command, p =>
        {
            if (p.Validation is double score)
                services.Console.WriteLine($"step {p.Step}/{p.Steps}  validation {objective.ScoreName} {score.ToString("0.000", CultureInfo.InvariantCulture)} (best {p.Best!.Value.ToString("0.000", CultureInfo.InvariantCulture)})");
            if (p.Step % every != 0 && p.Step != p.Steps) return;
            services.Console.WriteLine(ProgressLine(p));
        }, cancellationToken);
        LossCurveChart.Write(meta.LossCurve, meta.LossCurveStride, plot, $"lumos train {settings.Net}: loss", guard, overwrite: true, // checked before training
            meta.Validation?.Select(v => ((double)v.Step, v.Score)).ToList(), $"validation {objective.ScoreName}");
        bool interrupted = cancellationToken.IsCancellationRequested && meta.Steps < settings.Steps;
        services.Console.WriteLine($"{(interrupted ? "interrupted; saved" : "saved")} {settings.Out} after {meta.Steps} steps; loss curve {plot}{(interrupted ? " (continue with --resume)" : "")}");
        if (meta.Validation is { Count: > 0 } rounds)
        {
            var best = rounds.MaxBy(v => v.Score)!;
            services.Console.WriteLine($"best validation {objective.ScoreName} {best.Score.ToString("0.000", CultureInfo.InvariantCulture)} at step {best.Step}: {Trainer.BestPath(settings.Out!)} ({meta.ValidationMeasure})");
        }
        return interrupted ? LumosApp.Interrupted : LumosApp.Success;
    }

    /// <summary>
    /// One step in a line: the loss and its terms to four significant digits (an SR net's MSE is ~1e-3, which fixed
    /// decimals flatten), the learning rate, which drops at each decay, the speed, and the time left in hours, past a day too.
    /// </summary>
    public static string ProgressLine(TrainProgress p)
    {
        static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
        var terms = string.Join(' ', p.Terms.Select(t => $"{t.Key} {Number(t.Value)}"));
        var rate = double.IsFinite(p.LearningRate) ? $"  lr {p.LearningRate.ToString("0.##e+0", CultureInfo.InvariantCulture)}" : "";
        var left = $"{(long)p.Remaining.TotalHours:00}:{p.Remaining.Minutes:00}:{p.Remaining.Seconds:00}";
        return $"step {p.Step}/{p.Steps}  loss {Number(p.Loss)} ({terms}){rate}  {p.StepsPerSecond.ToString("0.00", CultureInfo.InvariantCulture)} steps/s  ETA {left}";
    }
}
