using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Lumos.Imaging;
using Lumos.Measures;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos info</c>.</summary>
public sealed class InfoSettings : CommandSettings
{
    /// <summary>The image to describe.</summary>
    [CommandArgument(0, "<image>"), Description("Image to measure")]
    public string Image { get; init; } = "";

    /// <summary>Where to write a histogram chart.</summary>
    [CommandOption("--plot <PNG>"), Description("Also write the luma histogram as a PNG chart")]
    public string? Plot { get; init; }

    /// <summary>Replace an existing plot file.</summary>
    [CommandOption("--overwrite"), Description("Replace the plot file if it exists")]
    public bool Overwrite { get; init; }

    /// <summary>Print JSON.</summary>
    [CommandOption("--json"), Description("Print the measures as JSON")]
    public bool Json { get; init; }
}

/// <summary><c>lumos info</c>: size, layout, every registered measure and the luma histogram of one image.</summary>
public sealed class InfoCommand(CliServices services) : Command<InfoSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, InfoSettings settings, CancellationToken cancellationToken)
    {
        using var image = ImageIO.Read(settings.Image);
        var measures = QualityMeasures.NoReference.Select(m => (Info: m, Result: QualityMeasures.TryMeasure(m.Create(), image, null))).ToArray();
        var histogram = Histogram.OfLuma(image);
        int bits = image.Depth() == OpenCvSharp.MatType.CV_16U ? 16 : 8;
        string layout = image.Channels() switch { 1 => "grey", 3 => "colour", _ => "colour+alpha" };

        if (settings.Plot is not null) HistogramChart.Write(histogram, settings.Plot, Path.GetFileName(settings.Image), settings.Overwrite);

        if (settings.Json)
        {
            var json = new
            {
                file = settings.Image, width = image.Width, height = image.Height, bits, layout,
                measures = measures.ToDictionary(m => m.Info.Name, m => m.Result.Value),
                histogram = histogram.Counts,
            };
            services.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
            return LumosApp.Success;
        }

        var table = new Table().AddColumns("measure", "value", "meaning");
        table.Title($"{Markup.Escape(settings.Image)}: {image.Width}×{image.Height}, {bits}-bit {layout}");
        foreach (var (info, (value, error)) in measures)
            table.AddRow(info.Name, value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "n/a", Markup.Escape(error ?? info.Summary));
        services.Console.Write(table);
        services.Console.Profile.Out.Writer.WriteLine($"luma histogram (0 → 255): {histogram.Sparkline(64)}");
        if (settings.Plot is not null) services.Console.Profile.Out.Writer.WriteLine($"histogram chart written to {settings.Plot}");
        return LumosApp.Success;
    }
}
