using System.ComponentModel;
using Lumos.Web;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>Options of <c>lumos serve</c>.</summary>
public sealed class ServeSettings : CommandSettings
{
    private static readonly ServeOptions Defaults = new();

    /// <summary>Listen addresses.</summary>
    [CommandOption("--urls <URLS>"), Description("Addresses to listen on, separated by ';' (the default is this machine only)"), DefaultValue(ServeOptions.DefaultUrls)]
    public string Urls { get; init; } = Defaults.Urls;

    /// <summary>Upload limit.</summary>
    [CommandOption("--max-upload-mb <MB>"), Description("Refuse uploads larger than this many megabytes with 413, before reading them"), DefaultValue(50.0)]
    public double MaxUploadMb { get; init; } = Defaults.MaxUploadMb;

    /// <summary>Image size limit.</summary>
    [CommandOption("--max-megapixels <MP>"), Description("Refuse images (and video frames) larger than this many megapixels, checked from the header before decoding"), DefaultValue(50.0)]
    public double MaxMegapixels { get; init; } = Defaults.MaxMegapixels;

    /// <summary>Images processed at once.</summary>
    [CommandOption("--concurrency <N>"), Description("Images or videos processed, or images measured, at once; further jobs wait in a queue (default: half the cores)")]
    public int Concurrency { get; init; } = Defaults.Concurrency;

    /// <summary>Threads of each job's net.</summary>
    [CommandOption("--threads <N>"), Description("Threads of each job's net (ONNX Runtime's pool); clients cannot change it (default: the cores divided by --concurrency)")]
    public int? Threads { get; init; }

    /// <summary>Where uploads and results live.</summary>
    [CommandOption("--data <DIR>"), Description("Folder for uploads and results, one sub-folder per job (default: lumos-serve in the temporary folder)")]
    public string DataFolder { get; init; } = Defaults.DataFolder;

    /// <summary>How long results are kept.</summary>
    [CommandOption("--expiry-minutes <MIN>"), Description("Delete finished jobs and their files after this many minutes"), DefaultValue(60.0)]
    public double ExpiryMinutes { get; init; } = Defaults.Expiry.TotalMinutes;

    /// <summary>The server's options.</summary>
    public ServeOptions Options() => new()
    {
        Urls = Urls, MaxUploadMb = MaxUploadMb, MaxMegapixels = MaxMegapixels, Concurrency = Concurrency, Threads = Threads, DataFolder = DataFolder,
        Expiry = ExpiryMinutes > 0 && ExpiryMinutes < TimeSpan.MaxValue.TotalMinutes ? TimeSpan.FromMinutes(ExpiryMinutes) : TimeSpan.Zero,
    };
}

/// <summary><c>lumos serve</c>: the web page and HTTP API, until Ctrl-C.</summary>
public sealed class ServeCommand(CliServices services) : Command<ServeSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        LumosWeb.RunAsync(settings.Options(), services.Console.Profile.Out.Writer, cancellationToken).GetAwaiter().GetResult();
        return LumosApp.Success;
    }
}
