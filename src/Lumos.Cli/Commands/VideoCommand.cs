using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Lumos.Batch;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using Lumos.Video;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos video</c>.</summary>
public sealed class VideoSettings : NetShortcutSettings
{
    /// <summary>Input video, folder or glob.</summary>
    [CommandArgument(0, "<input>"), Description("Input video (any container ffmpeg reads), or a folder or glob ('clips/*.mp4') of videos, written into the -o folder under their own names")]
    public string Input { get; init; } = "";

    /// <summary>Output video.</summary>
    [CommandOption("-o|--output <FILE>"), Description("Output video (.mp4, .mkv, .mov, ...), or a folder")]
    public string? Output { get; init; }

    /// <summary>Method or upscaler.</summary>
    [CommandOption("-m|--method <NAME>"), Description("Enhancement method, or an upscaler with --scale"), DefaultValue("lime")]
    public string Method { get; init; } = "";

    /// <summary>Parameters.</summary>
    [CommandOption("-p|--param <NAME=VALUE>"), Description("Method parameter, repeatable")]
    public string[] Parameters { get; init; } = [];

    /// <summary>Upscaling factor.</summary>
    [CommandOption("-s|--scale <S>"), Description("Upscale by S with the -m upscaler (e.g. -m fsrcnn --scale 2)")]
    public int? Scale { get; init; }

    /// <summary>A preset.</summary>
    [CommandOption("--preset <NAME>"), Description("Run a preset (see 'lumos presets') or a preset .json file")]
    public string? Preset { get; init; }

    /// <summary>A pipeline file.</summary>
    [CommandOption("--pipeline <FILE>"), Description("Run a pipeline .json file")]
    public string? Pipeline { get; init; }

    /// <summary>Codec.</summary>
    [CommandOption("--codec <NAME>"), Description("h264, h265, ffv1 (lossless) or png"), DefaultValue("h264")]
    public string Codec { get; init; } = "";

    /// <summary>CRF.</summary>
    [CommandOption("--crf <N>"), Description("Constant rate factor of h264/h265, 0-51"), DefaultValue(18)]
    public int Crf { get; init; }

    /// <summary>Start time.</summary>
    [CommandOption("--start <SECONDS>"), Description("Start at this time, seconds")]
    public double Start { get; init; }

    /// <summary>Duration.</summary>
    [CommandOption("--duration <SECONDS>"), Description("Process this many seconds from --start, 0 = to the end")]
    public double Duration { get; init; }

    /// <summary>Smoothing time constant.</summary>
    [CommandOption("--smoothing <SECONDS>"), Description("Time constant of the moving average of a method's per-frame statistics (e.g. Dong's airlight), reset at scene cuts; 0 = every frame its own"), DefaultValue(0.5)]
    public double Smoothing { get; init; }

    /// <summary>Encoder speed preset.</summary>
    [CommandOption("--encoder-preset <NAME>"), Description("x264/x265 speed: ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow"), DefaultValue("medium")]
    public string EncoderPreset { get; init; } = "";

    /// <summary>Keep a partial output on interruption.</summary>
    [CommandOption("--keep-partial"), Description("On Ctrl-C, close the output as a playable video of the frames done so far, sound cut to match (default: delete it)")]
    public bool KeepPartial { get; init; }

    /// <summary>Replace an existing output.</summary>
    [CommandOption("--overwrite"), Description("Replace the output if it exists")]
    public bool Overwrite { get; init; }

    /// <summary>JSON summary.</summary>
    [CommandOption("--json"), Description("Print a JSON summary on standard output")]
    public bool Json { get; init; }

    /// <summary>The codec as an enum, or null when unknown.</summary>
    public VideoCodec? ParsedCodec => Codec.ToLowerInvariant() switch
    {
        "h264" or "x264" => VideoCodec.H264,
        "h265" or "hevc" or "x265" => VideoCodec.H265,
        "ffv1" => VideoCodec.Ffv1,
        "png" => VideoCodec.Png,
        _ => null,
    };

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (RequiredPath.Error(Output, "-o|--output <FILE>") is { } output) return ValidationResult.Error(output);
        if (ParsedCodec is null) return ValidationResult.Error("--codec must be h264, h265, ffv1 or png");
        if (Crf is < 0 or > 51) return ValidationResult.Error("--crf must be 0-51");
        if (Start < 0 || Duration < 0 || Smoothing < 0) return ValidationResult.Error("--start, --duration and --smoothing must not be negative");
        if (!VideoOptions.EncoderPresets.Contains(EncoderPreset)) return ValidationResult.Error($"--encoder-preset must be one of {string.Join(", ", VideoOptions.EncoderPresets)}");
        if (Scale is < 1 or > 16) return ValidationResult.Error("--scale must be 1-16");
        if ((Preset is not null ? 1 : 0) + (Pipeline is not null ? 1 : 0) > 1) return ValidationResult.Error("give --preset or --pipeline, not both");
        if ((Preset ?? Pipeline) is not null && (Parameters.Length > 0 || Scale is not null)) return ValidationResult.Error("--preset/--pipeline set their own steps: drop -p/--scale");
        if (NetShortcuts.Validate(this) is { } error) return ValidationResult.Error(error);
        return ValidationResult.Success();
    }
}

/// <summary><c>lumos video</c>: runs a method, upscaler, preset or pipeline over every frame of a video.</summary>
public sealed class VideoCommand(CliServices services) : Command<VideoSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, VideoSettings settings, CancellationToken cancellationToken)
    {
        if ((settings.Preset ?? settings.Pipeline) is not null && GivenOptions.Any(context, "-m", "--method"))
            throw LumosException.Usage("--preset/--pipeline set their own steps: drop -m");
        var items = BatchPlan.Create([settings.Input], settings.Output!, kind: VideoInfo.Files);
        using var operation = Build(settings, out var label);
        var writer = services.Console.Profile.Out.Writer;
        if (items.Count == 1 && items[0].Input == settings.Input)
        {
            var single = Run(settings, items[0], operation, label, cancellationToken);
            if (settings.Json) writer.WriteLine(JsonSerializer.Serialize(single, Indented));
            return LumosApp.Success;
        }
        // A folder or glob: a bad video is reported and the batch goes on, as image batches do; --json prints one document.
        var results = new List<object>();
        int failed = 0;
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try { results.Add(Run(settings, item, operation, label, cancellationToken)); }
            catch (LumosException e)
            {
                services.WriteError($"lumos: {e.Message}");
                results.Add(new { input = item.Input, output = item.Output, error = e.Message });
                failed++;
            }
        }
        if (settings.Json) writer.WriteLine(JsonSerializer.Serialize(new { results, succeeded = items.Count - failed, failed }, Indented));
        else writer.WriteLine($"{items.Count - failed} of {items.Count} videos processed{(failed > 0 ? $", {failed} failed" : "")}");
        return failed > 0 ? LumosApp.Failure : LumosApp.Success;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Processes one video: prints its line, or (with --json) returns what the caller prints as JSON.</summary>
    private object Run(VideoSettings settings, BatchItem item, IImageOperation operation, string label, CancellationToken cancellationToken)
    {
        var options = new VideoOptions
        {
            Codec = settings.ParsedCodec!.Value, Crf = settings.Crf, Start = settings.Start, Duration = settings.Duration, Smoothing = settings.Smoothing,
            EncoderPreset = settings.EncoderPreset, KeepPartial = settings.KeepPartial, Overwrite = settings.Overwrite, Guard = new OutputGuard([item.Input]),
        };
        var name = $"{Path.GetFileName(item.Input)} ({label})";
        var result = LiveProgress.Run(services, name, report => VideoJob.Run(item.Input, item.Output, operation, options,
            report is null ? null : new Reporter(p => report(new ProgressUpdate(p.Frames, p.Total, $"{name} {p.FramesPerSecond:0.0} fps"))), cancellationToken));

        var fps = result.Frames / Math.Max(result.Seconds, 1e-9);
        if (result.Partial) throw new OperationCanceledException($"interrupted after {result.Frames} frames; the partial video is in {item.Output}", cancellationToken);
        if (!settings.Json) services.Console.Profile.Out.Writer.WriteLine(
            $"{item.Input} -> {item.Output} ({result.Frames} frames, {fps.ToString("0.0", CultureInfo.InvariantCulture)} fps)");
        return new
        {
            input = item.Input, output = item.Output, operation = label, frames = result.Frames,
            seconds = Math.Round(result.Seconds, 3), fps = Math.Round(fps, 2), smoothed = result.Smoothed, sceneCuts = result.SceneCuts, width = result.Input.Width, height = result.Input.Height, frameRate = result.Input.FrameRate,
        };
    }

    private static IImageOperation Build(VideoSettings settings, out string label)
    {
        if (settings.Preset is not null)
        {
            var preset = Presets.Get(settings.Preset);
            label = $"preset {preset.Name}";
            return preset.Build(NetShortcuts.All(settings));
        }
        if (settings.Pipeline is not null)
        {
            label = Path.GetFileName(settings.Pipeline);
            return Lumos.Processing.Pipeline.Load(settings.Pipeline, NetShortcuts.All(settings));
        }
        var parameters = OptionsBinder.ParsePairs(settings.Parameters).ToList();
        if (settings.Scale is int scale) parameters.Add(new(Operations.ScaleKey, scale.ToString(CultureInfo.InvariantCulture)));
        label = settings.Scale is int s ? $"{settings.Method} ×{s}" : settings.Method;
        return Operations.Create(settings.Method, parameters, NetShortcuts.All(settings));
    }

    private sealed class Reporter(Action<VideoProgress> handler) : IProgress<VideoProgress>
    {
        public void Report(VideoProgress value) => handler(value);
    }
}
