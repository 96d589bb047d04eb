using System.ComponentModel;
using System.Globalization;
using Lumos.Registry;
using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>
/// The shortcut options for net methods that <c>enhance</c>, <c>upscale</c>, <c>run</c>, <c>video</c> and <c>eval</c>
/// share; <see cref="NetShortcuts"/> turns them into parameters.
/// </summary>
public abstract class NetShortcutSettings : CommandSettings
{
    /// <summary>Engine for net methods.</summary>
    [CommandOption("--engine <NAME>"), Description("Engine for net methods: onnx (ONNX Runtime) or torch (TorchSharp); ignored by classic methods (default: the method's own, onnx)")]
    public string? Engine { get; init; }

    /// <summary>Device for net methods.</summary>
    [CommandOption("--device <NAME>"), Description("ONNX Runtime device for net methods: cpu or cuda (needs a CUDA build); ignored by classic methods (default: the method's own, cpu)")]
    public string? Device { get; init; }

    /// <summary>Threads for net methods.</summary>
    [CommandOption("--threads <N>"), Description("Threads of a net's forward pass, 0 = one per core (ONNX Runtime's pool; libtorch's with --engine torch); ignored by classic methods (default: the method's own, 0)")]
    public int? Threads { get; init; }
}

/// <summary>
/// The verbs' shortcut options for net methods (<c>--engine</c>, <c>--device</c>, <c>--threads</c>, <c>--tile</c>):
/// each becomes the parameter of that name for methods that have it, and is ignored by methods that run no net
/// (lime, bicubic).
/// </summary>
internal static class NetShortcuts
{
    /// <summary>The engines <c>--engine</c> accepts.</summary>
    public static readonly string[] Engines = ["onnx", "torch"];

    /// <summary>The devices <c>--device</c> accepts.</summary>
    public static readonly string[] Devices = ["cpu", "cuda"];

    /// <summary>A usage error for an unknown engine or device or a thread count out of range, or null.</summary>
    public static string? Validate(NetShortcutSettings settings) =>
        settings.Engine is { } engine && !Engines.Contains(engine) ? $"--engine must be {string.Join(" or ", Engines)}"
        : settings.Device is { } device && !Devices.Contains(device) ? $"--device must be {string.Join(" or ", Devices)}"
        : settings.Threads is < 0 or > 1024 ? "--threads must be 0 to 1024 (0 = one per core)"
        : null;

    /// <summary>The shortcut values given, as parameters: for a pipeline's steps, each takes those it has.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All(NetShortcutSettings settings, int? tile = null)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (settings.Engine is { } engine) pairs.Add(new("engine", engine));
        if (settings.Device is { } device) pairs.Add(new("device", device));
        if (settings.Threads is int threads) pairs.Add(new("threads", threads.ToString(CultureInfo.InvariantCulture)));
        if (tile is int side) pairs.Add(new("tile", side.ToString(CultureInfo.InvariantCulture)));
        return pairs;
    }

    /// <summary>The shortcut values as parameters of a method whose parameters are <paramref name="accepted"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> For(IReadOnlyList<ParameterInfo> accepted, NetShortcutSettings settings, int? tile = null) =>
        All(settings, tile).Where(pair => accepted.Takes(pair.Key));
}
