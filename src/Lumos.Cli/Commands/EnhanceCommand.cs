using System.ComponentModel;
using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Processing;
using Lumos.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos enhance</c>.</summary>
public sealed class EnhanceSettings : BatchSettings
{
    /// <summary>Method name.</summary>
    [CommandOption("-m|--method <NAME>"), Description("Enhancement method (see 'lumos methods')"), DefaultValue("lime")]
    public string Method { get; init; } = "";

    /// <summary>Method parameters.</summary>
    [CommandOption("-p|--param <NAME=VALUE>"), Description("Method parameter, repeatable, e.g. -p clip-limit=3")]
    public string[] Parameters { get; init; } = [];

    /// <summary>An ONNX enhancement model: shortcut for <c>-m onnx -p model=FILE</c>.</summary>
    [CommandOption("--onnx <FILE>"), Description("Run an ONNX enhancement model (a 'lumos export' of zerodce/mbllen, or any RGB model of the same size); shortcut for -m onnx -p model=FILE")]
    public string? Onnx { get; init; }

    /// <summary>A preset instead of a method.</summary>
    [CommandOption("--preset <NAME>"), Description("Run a preset instead of a method (see 'lumos presets'), or a preset .json file")]
    public string? Preset { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        Preset is not null && (Parameters.Length > 0 || Onnx is not null) ? ValidationResult.Error("--preset sets its own method and parameters: drop -p/--onnx") : base.Validate();
}

/// <summary><c>lumos enhance</c>: runs one method over files, folders or globs, with progress.</summary>
public sealed class EnhanceCommand(CliServices services) : Command<EnhanceSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, EnhanceSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Preset is not null)
        {
            if (GivenOptions.Any(context, "-m", "--method")) throw LumosException.Usage("--preset sets its own method and parameters: drop -m");
            var preset = Presets.Get(settings.Preset);
            using var pipeline = preset.Build(NetShortcuts.All(settings));
            return BatchRunner.Run(services, settings, settings.Inputs, pipeline, $"enhance (preset {preset.Name})",
                new Dictionary<string, object> { ["preset"] = preset.Name }, cancellationToken);
        }
        var name = settings.Onnx is null ? settings.Method : "onnx";
        var parameters = OptionsBinder.ParsePairs(settings.Parameters).ToList();
        if (settings.Onnx is not null) parameters.Add(new("model", settings.Onnx));
        var info = EnhancementMethods.Registry.Get(name);
        parameters.InsertRange(0, NetShortcuts.For(info.Parameters, settings));
        using var operation = new MethodOperation(info.Create(parameters));
        return BatchRunner.Run(services, settings, settings.Inputs, operation, $"enhance ({name})", new Dictionary<string, object>
        {
            ["method"] = name,
            ["parameters"] = parameters.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), // -p after a shortcut wins, as when binding
        }, cancellationToken);
    }
}
