using System.ComponentModel;
using Lumos.Batch;
using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos enhance</c>.</summary>
public sealed class EnhanceSettings : BatchSettings
{
    /// <summary>Method name.</summary>
    [CommandOption("-m|--method <NAME>"), Description("Enhancement method (see 'lumos methods'); default lime")]
    public string Method { get; init; } = "lime";

    /// <summary>Method parameters.</summary>
    [CommandOption("-p|--param <NAME=VALUE>"), Description("Method parameter, repeatable, e.g. -p clip-limit=3")]
    public string[] Parameters { get; init; } = [];

    /// <summary>An ONNX enhancement model: shortcut for <c>-m onnx -p model=FILE</c>.</summary>
    [CommandOption("--onnx <FILE>"), Description("Run an ONNX enhancement model (a 'lumos export' of zerodce/mbllen, or any RGB model of the same size); shortcut for -m onnx -p model=FILE")]
    public string? Onnx { get; init; }
}

/// <summary><c>lumos enhance</c>: runs one method over files, folders or globs, with progress.</summary>
public sealed class EnhanceCommand(CliServices services) : Command<EnhanceSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, EnhanceSettings settings, CancellationToken cancellationToken)
    {
        var name = settings.Onnx is null ? settings.Method : "onnx";
        var parameters = OptionsBinder.ParsePairs(settings.Parameters).ToList();
        if (settings.Onnx is not null) parameters.Add(new("model", settings.Onnx));
        var info = EnhancementMethods.Registry.Get(name);
        parameters.InsertRange(0, NetShortcuts.For(info.Parameters, settings.Engine, settings.Device));
        var method = info.Create(parameters);
        var items = BatchPlan.Create(settings.Inputs, settings.Output!, settings.Format, settings.Recursive);
        var (read, write) = (settings.ReadOptions(), settings.WriteOptions(items));

        var json = settings.Json ? new Dictionary<string, object>
        {
            ["method"] = name,
            ["parameters"] = parameters.ToDictionary(p => p.Key, p => p.Value),
        } : null;
        var outcome = BatchRunner.Run(services, items, $"enhance ({name})", json,
            item => EnhanceFile.Run(item, method, read, write), cancellationToken);
        return outcome.Failed == 0 ? LumosApp.Success : LumosApp.Failure;
    }
}
