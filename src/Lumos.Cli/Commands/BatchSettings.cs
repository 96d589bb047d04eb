using System.ComponentModel;
using Lumos.Imaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options every batch verb shares (<c>enhance</c>, <c>upscale</c>): inputs, output, formats and limits.</summary>
public abstract class BatchSettings : NetShortcutSettings
{
    /// <summary>Input files, folders or globs.</summary>
    [CommandArgument(0, "<inputs>"), Description("Input images, folders of images, or globs such as photos/*.jpg")]
    public string[] Inputs { get; init; } = [];

    /// <summary>Output file or folder.</summary>
    [CommandOption("-o|--output <PATH>"), Description("Output file (one input) or folder (created if missing)")]
    public string? Output { get; init; }

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
    [CommandOption("--jpeg-quality <Q>"), Description("JPEG quality 1-100"), DefaultValue(95)]
    public int JpegQuality { get; init; }

    /// <summary>Largest accepted image.</summary>
    [CommandOption("--max-megapixels <MP>"), Description("Refuse images larger than this many megapixels (256 Mi pixels), checked before decoding"), DefaultValue(268.435456)]
    public double MaxMegapixels { get; init; }

    /// <summary>Read options from <see cref="MaxMegapixels"/>.</summary>
    public ReadOptions ReadOptions() => new() { MaxPixels = (long)(MaxMegapixels * 1e6) };

    /// <summary>Write options from <see cref="Overwrite"/> and <see cref="JpegQuality"/>, guarding every input of <paramref name="items"/>.</summary>
    public WriteOptions WriteOptions(IEnumerable<Lumos.Batch.BatchItem> items) =>
        new() { Overwrite = Overwrite, JpegQuality = JpegQuality, Guard = new OutputGuard(items.Select(i => i.Input)) };

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (RequiredPath.Error(Output, "-o|--output <PATH>") is { } output) return ValidationResult.Error(output);
        if (Inputs.Any(string.IsNullOrWhiteSpace)) return ValidationResult.Error("an input is empty (\"\")");
        if (JpegQuality is < 1 or > 100) return ValidationResult.Error("--jpeg-quality must be 1-100");
        if (MaxMegapixels <= 0) return ValidationResult.Error("--max-megapixels must be positive");
        if (NetShortcuts.Validate(this) is { } error) return ValidationResult.Error(error);
        return ValidationResult.Success();
    }
}

