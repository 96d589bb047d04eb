using System.Globalization;
using System.Text.Json;
using Lumos.Methods;
using Lumos.Processing;
using Lumos.Registry;
using Lumos.SuperResolution;

namespace Lumos.Web.Api;

/// <summary>
/// Turns a job's form fields into an operation through the core's own entry points — <see cref="Operations.Create"/>
/// for a method or an upscaler, <see cref="Presets.Named"/> for a preset, <see cref="Pipeline.Parse"/> for a pipeline —
/// so every registered name works without code here. The server adds two rules of its own: no value may name a file,
/// since a client must never make the server open (or learn of) a path: a parameter that takes a file
/// (<see cref="FileParameterAttribute"/>: weights, a model) takes only a shipped model's name; and the threads of a net
/// are the server's to set (<see cref="ServeOptions.NetThreads"/>), so that jobs running side by side share the cores.
/// </summary>
public static class JobSettings
{
    /// <summary>The field naming a method or upscaler.</summary>
    public const string MethodField = "method";
    /// <summary>The field naming a preset.</summary>
    public const string PresetField = "preset";
    /// <summary>The field holding a pipeline's JSON.</summary>
    public const string PipelineField = "pipeline";
    /// <summary>The field choosing the result's format (png, jpg, ...); the input's when absent.</summary>
    public const string FormatField = "format";
    /// <summary>The upscaler used when only a scale is given.</summary>
    public const string DefaultUpscaler = "bicubic";

    /// <summary>Parameters the server sets for every step that takes them, and no client may.</summary>
    public static readonly string[] ServerParameters = ["threads"];

    private static readonly string[] Choices = [MethodField, PresetField, PipelineField];

    /// <summary>Builds the operation the fields ask for, and names it.</summary>
    /// <param name="fields">The form's text fields: one of method, preset or pipeline (or only a scale), then parameters.</param>
    /// <param name="threads">Threads of every net step (<see cref="ServeOptions.NetThreads"/>).</param>
    /// <exception cref="LumosException">
    /// No or several choices, an unknown name or parameter, a bad value, a value that is a path, or a server parameter.
    /// </exception>
    public static (string Label, IImageOperation Operation) Build(IReadOnlyList<KeyValuePair<string, string>> fields, int threads)
    {
        var parameters = fields.Where(f => !Choices.Contains(f.Key, StringComparer.OrdinalIgnoreCase) && !f.Key.Equals(FormatField, StringComparison.OrdinalIgnoreCase)).ToList();
        var chosen = fields.Where(f => Choices.Contains(f.Key, StringComparer.OrdinalIgnoreCase)).ToList();
        foreach (var (key, value) in parameters)
        {
            RefusePath(key, value);
            RefuseFile(key, value);
            RefuseServerParameter(key);
        }
        if (fields.GroupBy(f => f.Key.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw LumosException.Usage($"{twice.Key}: given {twice.Count()} times (one value per field)");
        KeyValuePair<string, string>[] shared = [new("threads", threads.ToString(CultureInfo.InvariantCulture))];
        if (chosen.Count > 1) throw LumosException.Usage($"give one of {string.Join(", ", Choices)}, not {string.Join(" and ", chosen.Select(c => c.Key))}");
        bool hasScale = parameters.Any(p => p.Key.Trim().Equals(Operations.ScaleKey, StringComparison.OrdinalIgnoreCase));
        if (chosen.Count == 0 && !hasScale) throw LumosException.Usage("say what to run: a method (method=lime), a preset, a pipeline or a scale");

        var (choice, text) = chosen.Count == 0 ? (MethodField, DefaultUpscaler) : (chosen[0].Key.ToLowerInvariant(), chosen[0].Value);
        if (choice != MethodField && parameters.Count > 0)
            throw LumosException.Usage($"unknown parameter '{parameters[0].Key}' (a {choice} carries its own settings)");
        switch (choice)
        {
            case MethodField:
                var operation = Operations.Create(text.Trim(), parameters, shared);
                var scale = parameters.FirstOrDefault(p => p.Key.Trim().Equals(Operations.ScaleKey, StringComparison.OrdinalIgnoreCase)).Value;
                return (scale is null ? text.Trim() : $"{text.Trim()} ×{scale.Trim()}", operation);
            case PresetField:
                var preset = Presets.Named(text.Trim());
                return ($"preset {preset.Name}", preset.Build(shared));
            default:
                RefuseInPipeline(text);
                return ("pipeline", Pipeline.Parse(text, "pipeline", shared));
        }
    }

    /// <summary>Refuses a value that could name a file: a separator, a parent step or a control character.</summary>
    /// <exception cref="LumosException">It could.</exception>
    public static void RefusePath(string key, string value)
    {
        if (value.Contains('/') || value.Contains('\\') || value.Contains("..", StringComparison.Ordinal) || value.Any(char.IsControl))
            throw LumosException.Usage($"{key}: the server takes no file paths in parameters");
    }

    /// <summary>Refuses, for a parameter that takes a file, anything but a shipped model's name: even a bare name would be looked up in the server's folder.</summary>
    /// <exception cref="LumosException">It is not one.</exception>
    public static void RefuseFile(string key, string value)
    {
        bool takesFile = EnhancementMethods.Registry.All.SelectMany(c => c.Parameters).Concat(Upscalers.Registry.All.SelectMany(c => c.Parameters))
            .Any(p => p.IsFile && p.Name.Equals(key.Trim(), StringComparison.OrdinalIgnoreCase));
        if (takesFile && ShippedModels.PathOf(value.Trim()) is null)
            throw LumosException.Usage($"{key.Trim()}: the server opens only shipped models ({string.Join(", ", ShippedModels.Names)})");
    }

    private static void RefuseServerParameter(string key)
    {
        if (ServerParameters.Contains(key.Trim(), StringComparer.OrdinalIgnoreCase))
            throw LumosException.Usage($"{key.Trim()}: set by the server (lumos serve --{key.Trim().ToLowerInvariant()}), not by a job");
    }

    private static void RefuseInPipeline(string json)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException) { return; } // the core's parser says what is wrong with it
        using (document) Walk(document.RootElement, "pipeline");

        static void Walk(JsonElement element, string key)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    RefusePath(key, element.GetString()!);
                    RefuseFile(key, element.GetString()!);
                    break;
                case JsonValueKind.Array: foreach (var item in element.EnumerateArray()) Walk(item, key); break;
                case JsonValueKind.Object:
                    foreach (var p in element.EnumerateObject().Where(p => !p.NameEquals("description")))
                    {
                        RefuseServerParameter(p.Name);
                        Walk(p.Value, p.Name);
                    }
                    break;
            }
        }
    }
}
