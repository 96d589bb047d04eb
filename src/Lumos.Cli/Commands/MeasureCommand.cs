using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lumos.Imaging;
using Lumos.Measures;
using Lumos.Registry;
using Lumos.Video;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos measure</c>.</summary>
public sealed class MeasureSettings : CommandSettings
{
    /// <summary>The image to measure (for LOE: the enhanced result), or a video.</summary>
    [CommandArgument(0, "<image>"), Description("Image to measure (for loe: the enhanced result), or a processed video (flicker; warping error with --ref)")]
    public string Image { get; init; } = "";

    /// <summary>The image to compare with.</summary>
    [CommandOption("--ref <IMAGE>"), Description("Ground truth to compare with (for loe: the low-light input; for a video: the original, whose motion the warping error follows); enables the full-reference measures")]
    public string? Reference { get; init; }

    /// <summary>Comma-separated measure names.</summary>
    [CommandOption("--measures <LIST>"), Description("Comma-separated measures to run (default: all that apply)")]
    public string? Measures { get; init; }

    /// <summary>Measure parameters as [measure.]name=value.</summary>
    [CommandOption("-p|--param <[MEASURE.]NAME=VALUE>"), Description("Parameter, repeatable: of one measure (-p psnr.channel=y) or of every measure that takes it (-p channel=y -p crop-border=3: PSNR and SSIM as SR papers report them)")]
    public string[] Parameters { get; init; } = [];

    /// <summary>Print JSON.</summary>
    [CommandOption("--json"), Description("Print the values as JSON (identical images give PSNR \"Infinity\"; an undefined value is null, its reason under \"errors\")")]
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
        if (VideoInfo.IsVideoFile(settings.Image)) return MeasureVideo(settings, cancellationToken);
        var chosen = QualityMeasures.Choose(settings.Measures, settings.Reference is not null);
        var given = Given(settings.Parameters, chosen);
        using var image = ImageIO.Read(settings.Image);
        using var reference = settings.Reference is null ? null : ImageIO.Read(settings.Reference);
        // A pair that cannot be compared at all is an error, not a table of n/a.
        if (reference is not null) QualityMeasures.CheckComparable(image, reference);
        var results = QualityMeasures.MeasureAll(chosen, image, reference, info => given.GetValueOrDefault(info.Name) ?? []);

        if (settings.Json)
        {
            var json = new
            {
                image = settings.Image, reference = settings.Reference,
                measures = results.ToDictionary(r => r.Info.Name, r => r.Value),
                errors = results.Where(r => r.Error is not null).ToDictionary(r => r.Info.Name, r => r.Error),
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

    /// <summary>
    /// Each measure's own parameters from <c>-p</c>: <c>psnr.channel=y</c> for one, <c>channel=y</c> for every chosen
    /// measure that takes it (one that none takes, or a measure not chosen, is a usage error, not ignored).
    /// </summary>
    private static Dictionary<string, List<KeyValuePair<string, string>>> Given(string[] items, IReadOnlyList<ComponentInfo<IMeasure>> chosen)
    {
        var given = new Dictionary<string, List<KeyValuePair<string, string>>>();
        foreach (var (owner, pair) in OptionsBinder.ParseOwnedPairs(items))
        {
            var takers = owner is null ? chosen.Where(m => m.Parameters.Takes(pair.Key)).ToList()
                : chosen.FirstOrDefault(m => m.Name.Equals(owner, StringComparison.OrdinalIgnoreCase)) is { } measure ? [measure]
                : throw LumosException.Usage($"-p {owner}.{pair.Key}={pair.Value}: '{owner}' is not a measure being run ({string.Join(", ", chosen.Select(m => m.Name))})");
            if (takers.Count == 0) throw LumosException.Usage($"-p {pair.Key}={pair.Value}: no measure being run takes '{pair.Key}'");
            foreach (var taker in takers)
            {
                if (!given.TryGetValue(taker.Name, out var list)) given[taker.Name] = list = [];
                list.Add(pair);
            }
        }
        return given;
    }

    /// <summary>
    /// A video: brightness flicker, and with the original as --ref also the original's flicker and Lai et al.'s warping
    /// error of both (the original's own is the floor that noise and flow errors set).
    /// </summary>
    private int MeasureVideo(MeasureSettings settings, CancellationToken cancellation)
    {
        if (settings.Measures is not null) throw LumosException.Usage("--measures applies to images; a video gets flicker and, with --ref, warping error");
        var values = new List<(string Name, double Value, string Meaning)>
        {
            ("flicker", Flicker.Brightness(settings.Image), "mean |change| of mean luma between frames, levels of 255"),
        };
        if (settings.Reference is string original)
        {
            values.Add(("flicker (original)", Flicker.Brightness(original), "the same for the original"));
            var warp = WarpingError.Measure(original, settings.Image, cancellation: cancellation);
            values.Add(("warping error", warp.Error, $"Lai et al. 2018 along the original's Farnebäck flow, {warp.Pairs} frame pairs, {warp.Visible:P0} of pixels visible"));
            values.Add(("warping error (original)", WarpingError.Measure(original, original, cancellation: cancellation).Error, "the original's own: the floor"));
        }
        if (settings.Json)
        {
            var json = new { video = settings.Image, reference = settings.Reference, measures = values.ToDictionary(v => v.Name, v => v.Value) };
            services.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(json, JsonOptions));
            return LumosApp.Success;
        }
        var table = new Table().AddColumns("measure", "value", "better", "meaning");
        table.Title(settings.Reference is null ? Markup.Escape(settings.Image) : $"{Markup.Escape(settings.Image)} against {Markup.Escape(settings.Reference)}");
        foreach (var (name, value, meaning) in values)
            table.AddRow(name, value.ToString("0.#####", CultureInfo.InvariantCulture), MeasureGoal.Lower.Better(), Markup.Escape(meaning));
        services.Console.Write(table);
        return LumosApp.Success;
    }
}
