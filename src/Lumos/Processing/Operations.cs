using System.Globalization;
using Lumos.Methods;
using Lumos.Registry;
using Lumos.SuperResolution;

namespace Lumos.Processing;

/// <summary>
/// Builds operations by name from the registries: an enhancement method, or with a <c>scale</c> an upscaler (a
/// registered name that is only an upscaler needs one). The one place a pipeline step or a CLI verb turns text into an
/// <see cref="IImageOperation"/>.
/// </summary>
public static class Operations
{
    /// <summary>The parameter that makes a step an upscaler at that scale.</summary>
    public const string ScaleKey = "scale";

    /// <summary>The largest scale a step may ask for.</summary>
    public const int MaxScale = 16;

    /// <summary>Builds the operation <paramref name="type"/> with <c>name=value</c> <paramref name="parameters"/>.</summary>
    /// <param name="type">A method or upscaler name.</param>
    /// <param name="parameters">The operation's own settings.</param>
    /// <param name="shared">
    /// Settings for any operation that takes them, ignored by the rest (a verb's <c>--engine</c> or <c>--threads</c>,
    /// which a classic method has no use for); the operation's own settings win over them.
    /// </param>
    /// <exception cref="LumosException">Unknown type, a bad parameter, or an upscaler without a scale or with one it has no model for.</exception>
    public static IImageOperation Create(string type, IEnumerable<KeyValuePair<string, string>> parameters, IEnumerable<KeyValuePair<string, string>>? shared = null)
    {
        var given = parameters.ToList();
        int scaleAt = given.FindIndex(p => p.Key.Trim().Equals(ScaleKey, StringComparison.OrdinalIgnoreCase));
        List<KeyValuePair<string, string>> With<T>(ComponentInfo<T> info) where T : class =>
            [.. (shared ?? []).Where(p => info.Parameters.Takes(p.Key)), .. given];
        if (scaleAt < 0)
        {
            if (EnhancementMethods.Registry.Contains(type))
            {
                var method = EnhancementMethods.Registry.Get(type);
                return new MethodOperation(method.Create(With(method)));
            }
            if (Upscalers.Registry.Contains(type)) throw LumosException.Usage($"{type}: an upscaler needs a scale (\"scale\": 2)");
            throw UnknownType(type);
        }
        if (!Upscalers.Registry.Contains(type))
            throw EnhancementMethods.Registry.Contains(type) ? LumosException.Usage($"{type}: an enhancement method takes no scale") : UnknownType(type);
        var text = given[scaleAt].Value.Trim();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int scale) || scale is < 1 or > MaxScale)
            throw LumosException.Usage($"{type}: scale='{text}' is not a whole number from 1 to {MaxScale}");
        // An upscaler with a scale option of its own (an ONNX model's) gets it too.
        var info = Upscalers.Registry.Get(type);
        if (!info.Parameters.Takes(ScaleKey)) given.RemoveAt(scaleAt);
        var upscaler = info.Create(With(info));
        try { return new UpscaleOperation(upscaler, scale); }
        catch
        {
            (upscaler as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>The parameters an operation named <paramref name="type"/> may take: a method's and an upscaler's of that name; none for an unknown one.</summary>
    public static IReadOnlyList<ParameterInfo> ParametersOf(string type) =>
        [.. EnhancementMethods.Registry.Contains(type) ? EnhancementMethods.Registry.Get(type).Parameters : [],
         .. Upscalers.Registry.Contains(type) ? Upscalers.Registry.Get(type).Parameters : []];

    private static LumosException UnknownType(string type) => LumosException.Usage(
        $"unknown operation '{type}' (methods: {string.Join(", ", EnhancementMethods.Registry.All.Select(c => c.Name))}; " +
        $"upscalers, with a scale: {string.Join(", ", Upscalers.Registry.All.Select(c => c.Name))})");
}
