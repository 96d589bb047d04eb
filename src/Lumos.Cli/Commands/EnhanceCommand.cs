using System.ComponentModel;
using System.Text.Json;
using Lumos.Batch;
using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos enhance</c>.</summary>
public sealed class EnhanceSettings : CommandSettings
{
    /// <summary>Input files, folders or globs.</summary>
    [CommandArgument(0, "<inputs>"), Description("Input images, folders of images, or globs such as photos/*.jpg")]
    public string[] Inputs { get; init; } = [];

    /// <summary>Output file or folder.</summary>
    [CommandOption("-o|--output <PATH>"), Description("Output file (one input) or folder (created if missing)")]
    public string? Output { get; init; }

    /// <summary>Method name.</summary>
    [CommandOption("-m|--method <NAME>"), Description("Enhancement method (see 'lumos methods'); default lime")]
    public string Method { get; init; } = "lime";

    /// <summary>Method parameters.</summary>
    [CommandOption("-p|--param <NAME=VALUE>"), Description("Method parameter, repeatable, e.g. -p clip-limit=3")]
    public string[] Parameters { get; init; } = [];

    /// <summary>Replace existing outputs.</summary>
    [CommandOption("--overwrite"), Description("Replace output files that already exist")]
    public bool Overwrite { get; init; }

    /// <summary>Print results as JSON.</summary>
    [CommandOption("--json"), Description("Print a JSON summary on standard output instead of text")]
    public bool Json { get; init; }

    /// <summary>Output format.</summary>
    [CommandOption("--format <EXT>"), Description("Output format for folder outputs: png, jpg, tif, bmp, webp (default: the input's)")]
    public string? Format { get; init; }

    /// <summary>Recurse into folders.</summary>
    [CommandOption("-r|--recursive"), Description("Include images in sub-folders, mirroring them in the output folder")]
    public bool Recursive { get; init; }

    /// <summary>JPEG quality.</summary>
    [CommandOption("--jpeg-quality <Q>"), Description("JPEG quality 1-100 (default 95)")]
    public int JpegQuality { get; init; } = 95;

    /// <summary>Largest accepted image.</summary>
    [CommandOption("--max-megapixels <MP>"), Description("Refuse images larger than this many megapixels, checked before decoding (default 268)")]
    public double MaxMegapixels { get; init; } = 256.0 * 1024 * 1024 / 1e6;

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Output is null) return ValidationResult.Error("missing -o|--output <PATH>");
        if (JpegQuality is < 1 or > 100) return ValidationResult.Error("--jpeg-quality must be 1-100");
        if (MaxMegapixels <= 0) return ValidationResult.Error("--max-megapixels must be positive");
        return ValidationResult.Success();
    }
}

/// <summary><c>lumos enhance</c>: runs one method over files, folders or globs, with progress.</summary>
public sealed class EnhanceCommand(CliServices services) : Command<EnhanceSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, EnhanceSettings settings, CancellationToken cancellationToken)
    {
        var parameters = OptionsBinder.ParsePairs(settings.Parameters).ToArray();
        var method = EnhancementMethods.Registry.Create(settings.Method, parameters);
        var items = BatchPlan.Create(settings.Inputs, settings.Output!, settings.Format, settings.Recursive);
        var read = new ReadOptions { MaxPixels = (long)(settings.MaxMegapixels * 1e6) };
        var write = new WriteOptions { Overwrite = settings.Overwrite, JpegQuality = settings.JpegQuality };

        var results = BatchRunner.Run(services, items, $"enhance ({settings.Method})", settings.Json,
            item => EnhanceFile.Run(item, method, read, write), cancellationToken);

        if (settings.Json)
        {
            var summary = new
            {
                method = settings.Method,
                parameters = parameters.ToDictionary(p => p.Key, p => p.Value),
                succeeded = results.Count(r => r.Ok),
                failed = results.Count(r => !r.Ok),
                results = results.Select(r => new { input = r.Input, output = r.Ok ? r.Output : null, ok = r.Ok, error = r.Error, milliseconds = Math.Round(r.Milliseconds, 1), width = r.Width, height = r.Height }),
            };
            services.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
        }
        return results.All(r => r.Ok) ? LumosApp.Success : LumosApp.Failure;
    }
}
