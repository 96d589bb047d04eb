using System.ComponentModel;
using Lumos.Processing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos run</c>.</summary>
public sealed class RunSettings : BatchSettings
{
    /// <summary>A preset name or file.</summary>
    [CommandOption("--preset <NAME>"), Description("Run a preset (see 'lumos presets') or a preset .json file")]
    public string? Preset { get; init; }

    /// <summary>A pipeline file.</summary>
    [CommandOption("--pipeline <FILE>"), Description("Run a pipeline .json file: [[{\"type\":\"lime\"},{\"type\":\"fsrcnn\",\"scale\":2}]]; also accepted as the first argument")]
    public string? Pipeline { get; init; }

    /// <summary>The pipeline file, given by option or as the first argument, and the inputs that remain.</summary>
    public (string? Pipeline, string[] Inputs) Split() =>
        Pipeline is null && FirstIsPipeline ? (Inputs[0], Inputs[1..]) : (Pipeline, Inputs);

    /// <summary>The first argument names a pipeline file (images are never .json).</summary>
    private bool FirstIsPipeline => Inputs.Length > 0 && Inputs[0].EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Preset is not null && (Pipeline is not null || FirstIsPipeline))
            return ValidationResult.Error($"give a pipeline or --preset, not both ({Pipeline ?? Inputs[0]} and --preset {Preset})");
        if (Preset is null && Split().Pipeline is null) return ValidationResult.Error("missing the pipeline: lumos run PIPELINE.json INPUTS -o OUT, or --preset NAME");
        if (Split().Inputs.Length == 0) return ValidationResult.Error("missing the inputs: lumos run PIPELINE.json INPUTS -o OUT (files, folders or globs)");
        return base.Validate();
    }
}

/// <summary><c>lumos run</c>: runs a pipeline file or a preset over files, folders or globs.</summary>
public sealed class RunCommand(CliServices services) : Command<RunSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        var (file, inputs) = settings.Split();
        var (label, operation) = settings.Preset is { } name && Presets.Get(name) is var preset
            ? ($"preset {preset.Name}", preset.Build(NetShortcuts.All(settings)))
            : (Path.GetFileName(file)!, Pipeline.Load(file!, NetShortcuts.All(settings)));
        using (operation)
            return BatchRunner.Run(services, settings, inputs, operation, $"run ({label})",
                new Dictionary<string, object> { ["pipeline"] = label }, cancellationToken);
    }
}
