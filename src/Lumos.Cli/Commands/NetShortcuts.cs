using System.Globalization;
using Lumos.Registry;

namespace Lumos.Cli.Commands;

/// <summary>
/// The verbs' shortcut options for net methods (<c>--engine</c>, <c>--device</c>, <c>--tile</c>): each becomes the
/// parameter of that name for methods that have it, and is ignored by methods that run no net (lime, bicubic).
/// </summary>
internal static class NetShortcuts
{
    /// <summary>The engines <c>--engine</c> accepts.</summary>
    public static readonly string[] Engines = ["onnx", "torch"];

    /// <summary>The devices <c>--device</c> accepts.</summary>
    public static readonly string[] Devices = ["cpu", "cuda"];

    /// <summary>A usage error for an unknown engine or device, or null.</summary>
    public static string? Validate(string? engine, string? device) =>
        engine is not null && !Engines.Contains(engine) ? $"--engine must be {string.Join(" or ", Engines)}"
        : device is not null && !Devices.Contains(device) ? $"--device must be {string.Join(" or ", Devices)}"
        : null;

    /// <summary>The shortcut values as parameters of a method whose parameters are <paramref name="accepted"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string>> For(IReadOnlyList<ParameterInfo> accepted, string? engine, string? device, int? tile = null)
    {
        bool Accepts(string name) => accepted.Any(p => p.Name == name);
        if (engine is not null && Accepts("engine")) yield return new("engine", engine);
        if (device is not null && Accepts("device")) yield return new("device", device);
        if (tile is int side && Accepts("tile")) yield return new("tile", side.ToString(CultureInfo.InvariantCulture));
    }
}
