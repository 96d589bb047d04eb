using System.ComponentModel;
using System.Text.Json;
using Lumos.Imaging;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Onnx;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos export</c>.</summary>
public sealed class ExportSettings : CommandSettings
{
    /// <summary>A checkpoint file, a shipped checkpoint name, or a net name with <see cref="Scale"/>.</summary>
    [CommandArgument(0, "<net>"), Description("Checkpoint file, shipped checkpoint (e.g. fsrcnn-x3, mbllen), or a net name with --scale")]
    public string Net { get; init; } = "";

    /// <summary>The ONNX file to write.</summary>
    [CommandOption("-o|--output <FILE>"), Description("The ONNX model to write (.onnx)")]
    public string? Output { get; init; }

    /// <summary>Operator set.</summary>
    [CommandOption("--opset <N>"), Description("ONNX operator set, 13-21"), DefaultValue(NetExport.DefaultOpset)]
    public int Opset { get; init; } = NetExport.DefaultOpset;

    /// <summary>Scale for a net name (picks the shipped <c>net-x{scale}</c>).</summary>
    [CommandOption("-s|--scale <S>"), Description("With a net name: export the shipped <net>-x<S> checkpoint")]
    public int? Scale { get; init; }

    /// <summary>Architecture of a PyTorch state dict.</summary>
    [CommandOption("--arch <NAME>"), Description("With a PyTorch .pth state dict: its architecture (e.g. zerodce), built with its default options")]
    public string? Arch { get; init; }

    /// <summary>Replace an existing file.</summary>
    [CommandOption("--overwrite"), Description("Replace the output file if it exists")]
    public bool Overwrite { get; init; }

    /// <summary>Print JSON.</summary>
    [CommandOption("--json"), Description("Print what was exported as JSON")]
    public bool Json { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (RequiredPath.Error(Output, "-o|--output <FILE>") is { } output) return ValidationResult.Error(output);
        if (!Output!.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) return ValidationResult.Error("-o|--output: export writes an ONNX model, give a .onnx file");
        if (Opset is < 13 or > 21) return ValidationResult.Error("--opset must be 13-21");
        return ValidationResult.Success();
    }
}

/// <summary><c>lumos export</c>: writes a built-in net's checkpoint as an ONNX model with Lumos metadata.</summary>
public sealed class ExportCommand(CliServices services) : Command<ExportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        var checkpoint = settings.Scale is int scale && !File.Exists(settings.Net) ? $"{settings.Net}-x{scale}" : settings.Net;
        if (!File.Exists(checkpoint) && !Checkpoint.ShippedNames.Contains(checkpoint) && NetArchs.Registry.Contains(settings.Net))
        {
            // A net name: say which of its checkpoints are shipped, and how to pick one.
            var own = Checkpoint.ShippedNames.Where(n => n == settings.Net || n.StartsWith(settings.Net + "-x", StringComparison.Ordinal)).Order().ToArray();
            throw LumosException.Usage(own.Length == 0
                ? $"{settings.Net}: no shipped checkpoint; give a checkpoint file"
                : $"{checkpoint}: no such shipped checkpoint ({settings.Net}'s: {string.Join(", ", own)}{(settings.Scale is null && own.Length > 1 ? "; pick one with --scale" : "")})");
        }
        var source = Path.GetFullPath(Checkpoint.Resolve(checkpoint));
        var guard = new OutputGuard([source]);
        guard.Check(settings.Output!); // before the export's work
        var exported = Checkpoint.IsLumosCheckpoint(source) ? NetExport.FromCheckpoint(source, settings.Opset) : FromStateDict(source, settings);
        guard.Write(settings.Output!, exported.Model, settings.Overwrite);

        var s = exported.Signature;
        string channels = s.Channels == 1 ? "Y" : "RGB", input = s.UpsampledInput ? "bicubic-upsampled" : "image";
        if (settings.Json)
        {
            services.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new
            {
                checkpoint = source, output = settings.Output, arch = exported.Arch, opset = settings.Opset, bytes = exported.Model.Length,
                task = s.Task, channels = channels.ToLowerInvariant(), scale = s.Scale, input, margin = s.Radius, postProcess = s.PostProcess,
            }, new JsonSerializerOptions { WriteIndented = true }));
            return LumosApp.Success;
        }
        services.Console.MarkupLine(Markup.Escape(
            $"{Path.GetFileName(source)} -> {settings.Output}: {exported.Arch}, {s.Task}, {channels} {input} in, ×{s.Scale}, margin {s.Radius} px, opset {settings.Opset}, {exported.Model.Length / 1024.0:0.#} KiB"));
        return LumosApp.Success;
    }

    /// <summary>A PyTorch state dict is read by libtorch into the named architecture (its keys and shapes checked), then exported.</summary>
    private static ExportedNet FromStateDict(string source, ExportSettings settings)
    {
        if (settings.Arch is null) throw new LumosException($"{source}: not a Lumos checkpoint; for a PyTorch state dict name its architecture with --arch");
        var info = NetArchs.Registry.Get(settings.Arch);
        var options = Activator.CreateInstance(info.OptionsType!)!;
        using var net = Checkpoint.LoadNet(info.Name, options, source);
        return NetExport.FromNet(net, options, settings.Opset);
    }
}
