using System.ComponentModel;
using Lumos.Processing;
using Lumos.Registry;
using Lumos.SuperResolution;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos upscale</c>.</summary>
public sealed class UpscaleSettings : BatchSettings
{
    /// <summary>Scale factor.</summary>
    [CommandOption("-s|--scale <S>"), Description("Scale factor: 2, 3 or 4 (default: the one the model has or was trained for, else 2)")]
    public int? Scale { get; init; }

    /// <summary>Upscaler name.</summary>
    [CommandOption("-m|--method <NAME>"), Description("Super-resolution method (bicubic is MATLAB's imresize)"), DefaultValue("bicubic")]
    public string Method { get; init; } = "";

    /// <summary>Upscaler parameters.</summary>
    [CommandOption("-p|--param <NAME=VALUE>"), Description("Method parameter, repeatable")]
    public string[] Parameters { get; init; } = [];

    /// <summary>Tile side for nets.</summary>
    [CommandOption("--tile <N>"), Description("Tile side in input pixels for net methods, to bound memory (ignored by methods that need no tiling, such as bicubic)")]
    public int? Tile { get; init; }

    /// <summary>External ONNX model: shortcut for <c>-m onnx -p model=FILE</c>.</summary>
    [CommandOption("--onnx <FILE>"), Description("Run an ONNX model: a 'lumos export' (runs as recorded) or an external one (NCHW float: RGB in [[0, 1]], or 1-channel Y); shortcut for -m onnx -p model=FILE")]
    public string? Onnx { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Scale is < 2 or > 4) return ValidationResult.Error("--scale must be 2, 3 or 4");
        if (Tile is < 16) return ValidationResult.Error("--tile must be at least 16");
        return base.Validate();
    }
}

/// <summary><c>lumos upscale</c>: super-resolves files, folders or globs by 2, 3 or 4, with progress.</summary>
public sealed class UpscaleCommand(CliServices services) : Command<UpscaleSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, UpscaleSettings settings, CancellationToken cancellationToken)
    {
        var parameters = OptionsBinder.ParsePairs(settings.Parameters).ToList();
        var method = settings.Onnx is null ? settings.Method : "onnx";
        if (settings.Onnx is not null) parameters.Add(new("model", settings.Onnx));
        var info = Upscalers.Registry.Get(method);
        parameters.InsertRange(0, NetShortcuts.For(info.Parameters, settings, settings.Tile));
        var upscaler = info.Create(parameters);
        int scale = settings.Scale ?? upscaler.DefaultScale ?? 2;
        using var operation = new UpscaleOperation(upscaler, scale);
        return BatchRunner.Run(services, settings, settings.Inputs, operation, $"upscale ×{scale} ({method})", new Dictionary<string, object>
        {
            ["method"] = method,
            ["scale"] = scale,
            ["parameters"] = parameters.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), // -p after a shortcut wins, as when binding
        }, cancellationToken);
    }
}
