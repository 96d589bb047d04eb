using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Lumos.Charts;
using Lumos.Imaging;
using Lumos.Measures;
using Lumos.Nets;
using Lumos.Onnx;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos info</c>.</summary>
public sealed class InfoSettings : CommandSettings
{
    /// <summary>The image to describe (absent with <see cref="System"/>).</summary>
    [CommandArgument(0, "[image]"), Description("Image to measure")]
    public string? Image { get; init; }

    /// <summary>Describe this machine instead of an image.</summary>
    [CommandOption("--system"), Description("Describe this machine instead: versions, cores, and the convolution self-checks of libtorch (oneDNN on or off) and ONNX Runtime")]
    public bool System { get; init; }

    /// <summary>Where to write a histogram chart.</summary>
    [CommandOption("-o|--output|--plot <PNG>"), Description("Also write the luma histogram as a PNG chart")]
    public string? Plot { get; init; }

    /// <summary>Replace an existing plot file.</summary>
    [CommandOption("--overwrite"), Description("Replace the plot file if it exists")]
    public bool Overwrite { get; init; }

    /// <summary>Print JSON.</summary>
    [CommandOption("--json"), Description("Print the measures (or the system report) as JSON")]
    public bool Json { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        System && Image is not null ? ValidationResult.Error("give an image or --system, not both")
        : !System && Image is null ? ValidationResult.Error("missing <image> (or --system to describe this machine)")
        : System && Plot is not null ? ValidationResult.Error("-o|--output (the histogram chart) needs an image")
        : ValidationResult.Success();
}

/// <summary>
/// <c>lumos info</c>: size, layout, every registered measure and the luma histogram of one image; with
/// <c>--system</c>, the versions Lumos runs on and the libtorch self-check.
/// </summary>
public sealed class InfoCommand(CliServices services) : Command<InfoSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, InfoSettings settings, CancellationToken cancellationToken)
    {
        if (settings.System) return DescribeSystem(settings.Json);
        string path = settings.Image!;
        var guard = new OutputGuard([path]);
        if (settings.Plot is not null) guard.Check(settings.Plot); // refused before any work
        ImageInfo info;
        using (var image = ImageIO.Read(path, new ReadOptions { KeepGreyAlpha = true })) info = ImageInfo.Of(image);

        if (settings.Plot is not null) HistogramChart.Write(info.Histogram, settings.Plot, Path.GetFileName(path), guard, settings.Overwrite);

        if (settings.Json)
        {
            var json = new
            {
                file = path, width = info.Width, height = info.Height, bits = info.Bits, layout = info.Layout,
                measures = info.Measures.ToDictionary(m => m.Info.Name, m => m.Value),
                histogram = info.Histogram.Counts,
            };
            services.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }));
            return LumosApp.Success;
        }

        var table = new Table().AddColumns("measure", "value", "meaning");
        table.Title($"{Markup.Escape(path)}: {info.Width}×{info.Height}, {info.Bits}-bit {info.Layout}");
        foreach (var reading in info.Measures)
            table.AddRow(reading.Info.Name, reading.Value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "n/a", Markup.Escape(reading.Error ?? reading.Info.Summary));
        services.Console.Write(table);
        services.Console.Profile.Out.Writer.WriteLine($"luma histogram (0 → 255): {info.Histogram.Sparkline(64)}");
        if (settings.Plot is not null) services.Console.Profile.Out.Writer.WriteLine($"histogram chart written to {settings.Plot}");
        return LumosApp.Success;
    }

    private int DescribeSystem(bool json)
    {
        var system = SystemReport.Collect();
        var torch = system.Torch;
        var output = services.Console.Profile.Out.Writer;
        if (json)
        {
            static object Checks(IReadOnlyList<ConvolutionCheckResult> checks) =>
                checks.Select(c => new { name = c.Name, relativeError = c.RelativeError, passed = c.Passed });
            var report = new
            {
                lumos = system.Lumos, os = system.Os, architecture = system.Architecture, cores = system.Cores, dotnet = system.DotNet,
                libtorch = system.LibTorch, onnxRuntime = system.OnnxRuntime, ompWaitPolicy = system.OpenMpWaitPolicy,
                onnxRuntimeCheck = new { relativeError = system.OnnxRuntimeError, passed = system.OnnxRuntimeError <= OnnxRuntimeCheck.Tolerance },
                cuda = system.Cuda,
                torch = torch is null ? null : new
                {
                    oneDnnMode = torch.Mode.ToString().ToLowerInvariant(), oneDnn = torch.OneDnnEnabled, oneDnnWrong = torch.OneDnnWrong,
                    milliseconds = Math.Round(torch.Elapsed.TotalMilliseconds, 1), checks = Checks(torch.Checks), fallbackChecks = Checks(torch.FallbackChecks),
                },
            };
            // A wrong convolution's error can be NaN, which JSON numbers cannot hold: written as "NaN".
            output.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions
            {
                WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
            }));
            return LumosApp.Success;
        }

        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("Lumos", Markup.Escape(system.Lumos));
        table.AddRow("OS", Markup.Escape($"{system.Os} ({system.Architecture}), {system.Cores} cores"));
        table.AddRow(".NET", Markup.Escape(system.DotNet));
        table.AddRow("libtorch", Markup.Escape(system.LibTorch));
        table.AddRow("ONNX Runtime", Markup.Escape(system.OnnxRuntimeError <= OnnxRuntimeCheck.Tolerance
            ? $"{system.OnnxRuntime}: its convolutions match float64 ({system.OnnxRuntimeError:0.#e+0})"
            : $"{system.OnnxRuntime}: its convolutions are wrong on this CPU ({system.OnnxRuntimeError:0.##e+0}); the nets need --engine torch"));
        table.AddRow("CUDA", Markup.Escape(system.Cuda));
        table.AddRow("oneDNN", Markup.Escape(torch switch
        {
            null => "n/a (libtorch not loaded)",
            { Mode: OneDnnMode.Auto, OneDnnWrong: true } => $"off: its convolutions are wrong on this CPU ({Mode(torch)})",
            { Mode: OneDnnMode.Auto } => $"on: its convolutions match float64 ({Mode(torch)})",
            _ => $"{(torch.OneDnnEnabled ? "on" : "off")}, unchecked ({Mode(torch)})",
        }));
        table.AddRow("OpenMP wait", Markup.Escape($"{system.OpenMpWaitPolicy} (OMP_WAIT_POLICY; libtorch's threads)"));
        services.Console.Write(table);
        if (torch is null || torch.Checks.Count == 0) return LumosApp.Success;

        var checks = new Table().AddColumns("self-check (float32 vs float64)", "with oneDNN", "oneDNN off");
        checks.Title($"libtorch convolution self-check, {torch.Elapsed.TotalMilliseconds:0} ms");
        for (int i = 0; i < torch.Checks.Count; i++)
            checks.AddRow(Markup.Escape(torch.Checks[i].Name), Verdict(torch.Checks[i]), i < torch.FallbackChecks.Count ? Verdict(torch.FallbackChecks[i]) : "-");
        services.Console.Write(checks);
        return LumosApp.Success;

        static string Mode(TorchBackendReport torch) => $"{TorchRuntime.OneDnnVariable}={torch.Mode.ToString().ToLowerInvariant()}";

        static string Verdict(ConvolutionCheckResult c) =>
            $"{c.RelativeError.ToString("0.#e+0", CultureInfo.InvariantCulture)} {(c.Passed ? "ok" : "WRONG")}";
    }
}
