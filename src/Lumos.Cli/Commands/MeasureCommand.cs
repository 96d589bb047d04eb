using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lumos.Imaging;
using Lumos.Measures;
using Lumos.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos measure</c>.</summary>
public sealed class MeasureSettings : CommandSettings
{
    /// <summary>The image to measure (for LOE: the enhanced result).</summary>
    [CommandArgument(0, "<image>"), Description("Image to measure (for loe: the enhanced result)")]
    public string Image { get; init; } = "";

    /// <summary>The image to compare with.</summary>
    [CommandOption("--ref <IMAGE>"), Description("Ground truth to compare with (for loe: the low-light input); enables the full-reference measures")]
    public string? Reference { get; init; }

    /// <summary>Comma-separated measure names.</summary>
    [CommandOption("--measures <LIST>"), Description("Comma-separated measures to run (default: all that apply)")]
    public string? Measures { get; init; }

    /// <summary>Print JSON.</summary>
    [CommandOption("--json"), Description("Print the values as JSON (identical images give PSNR \"Infinity\")")]
    public bool Json { get; init; }
}

/// <summary><c>lumos measure</c>: runs quality measures on an image, and against a reference when one is given.</summary>
public sealed class MeasureCommand(CliServices services) : Command<MeasureSettings>
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <inheritdoc />
    public override int Execute(CommandContext context, MeasureSettings settings, CancellationToken cancellationToken)
    {
        var chosen = QualityMeasures.Choose(settings.Measures, settings.Reference is not null);
        using var image = ImageIO.Read(settings.Image);
        using var reference = settings.Reference is null ? null : ImageIO.Read(settings.Reference);
        // A pair that cannot be compared at all is an error, not a table of n/a.
        if (reference is not null) QualityMeasures.CheckComparable(image, reference);
        var results = QualityMeasures.MeasureAll(chosen, image, reference);

        if (settings.Json)
        {
            var json = new
            {
                image = settings.Image, reference = settings.Reference,
                measures = results.ToDictionary(r => r.Info.Name, r => r.Value),
            };
            services.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(json, JsonOptions));
            return LumosApp.Success;
        }

        var table = new Table().AddColumns("measure", "value", "better", "meaning");
        table.Title(settings.Reference is null ? Markup.Escape(settings.Image) : $"{Markup.Escape(settings.Image)} against {Markup.Escape(settings.Reference)}");
        foreach (var (info, measure, value, error) in results)
            table.AddRow(info.Name, value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "n/a", measure.Goal.Better(), Markup.Escape(error ?? info.Summary));
        services.Console.Write(table);
        return LumosApp.Success;
    }
}
