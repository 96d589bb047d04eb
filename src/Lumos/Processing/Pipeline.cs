using System.Text.Json;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>
/// Operations applied in order, itself an operation: its scale is the product of the steps', its margin the sum of
/// theirs carried back to the input grid (unknown if any step's is). Built from data — a JSON array of steps such as
/// <c>[{"type":"lime","gamma":0.7},{"type":"fsrcnn","scale":2}]</c>, or a preset object with <c>"steps"</c> — through
/// <see cref="Operations"/>, so every registered method and upscaler can be a step without code of its own.
/// </summary>
public sealed class Pipeline : IImageOperation
{
    /// <summary>Chains <paramref name="steps"/>; the pipeline owns and disposes them.</summary>
    /// <exception cref="LumosException">No steps.</exception>
    public Pipeline(IReadOnlyList<IImageOperation> steps)
    {
        if (steps.Count == 0) throw new LumosException("a pipeline needs at least one step");
        Steps = steps;
        int scale = 1, margin = 0;
        bool local = true;
        foreach (var step in steps)
        {
            // A step at scale S (so far) needs m of its own pixels: ⌈m / S⌉ input pixels.
            if (step.Margin is int m) margin += (m + scale - 1) / scale;
            else local = false;
            scale *= step.Scale;
        }
        Scale = scale;
        Margin = local ? margin : null;
    }

    /// <summary>The steps in order.</summary>
    public IReadOnlyList<IImageOperation> Steps { get; }

    /// <inheritdoc />
    public int Scale { get; }

    /// <inheritdoc />
    public int? Margin { get; }

    /// <inheritdoc />
    public Mat Apply(Mat bgr)
    {
        Mat current = bgr;
        for (int i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            var next = ChannelAdapter.Checked(step, ImageProgress.InPart(i, Steps.Count, () => step.Apply(current)), current);
            ImageProgress.Report(i + 1, Steps.Count);
            if (!ReferenceEquals(current, bgr)) current.Dispose();
            current = next;
        }
        return current;
    }

    /// <summary>Reads and parses a pipeline file.</summary>
    /// <param name="file">The pipeline or preset file.</param>
    /// <param name="shared">Settings for every step that takes them (see <see cref="Operations.Create"/>); a step's own win.</param>
    /// <exception cref="LumosException">The file is unreadable, or <see cref="Parse"/> rejects it.</exception>
    public static Pipeline Load(string file, IReadOnlyList<KeyValuePair<string, string>>? shared = null) =>
        Parse(Presets.ReadText(file), file, shared, Path.GetDirectoryName(Path.GetFullPath(file)));

    /// <summary>Parses a pipeline: a JSON array of steps, or an object with a <c>steps</c> array (a preset).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Names the JSON in messages (a file name).</param>
    /// <param name="shared">Settings for every step that takes them (see <see cref="Operations.Create"/>); a step's own win.</param>
    /// <param name="folder">
    /// The pipeline file's folder: a relative file a step names (weights, a model) is looked up there first, so a
    /// preset that ships its own weights works from any working folder. Null (JSON from elsewhere) leaves names as given.
    /// </param>
    /// <exception cref="LumosException">Not valid JSON, no steps, a step without a type or with a setting given twice, or a step the registries reject.</exception>
    public static Pipeline Parse(string json, string source, IReadOnlyList<KeyValuePair<string, string>>? shared = null, string? folder = null)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new LumosException($"{source}: not valid JSON ({e.Message.Split('\n')[0]})", e); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("steps" or "description")) is { } unknown)
                throw new LumosException($"{source}: unknown key '{unknown}' (a preset object has \"description\" and \"steps\")");
            var steps = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("steps", out var inner) ? inner : root;
            if (steps.ValueKind != JsonValueKind.Array) throw new LumosException($"{source}: expected an array of steps (or an object with \"steps\")");
            if (steps.GetArrayLength() == 0) throw new LumosException($"{source}: a pipeline needs at least one step");
            var built = new List<IImageOperation>();
            try
            {
                int index = 0;
                foreach (var step in steps.EnumerateArray())
                {
                    index++;
                    if (step.ValueKind != JsonValueKind.Object || !step.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                        throw new LumosException($"{source}: step {index} needs a \"type\" (a method or upscaler name)");
                    try { built.Add(Operations.Create(type.GetString()!, Settings(step, type.GetString()!, folder), shared)); }
                    catch (LumosException e) { throw e.In($"{source}: step {index}"); }
                }
                return new Pipeline(built);
            }
            catch
            {
                foreach (var step in built) step.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// A step's settings: each once (JSON would let the last of two win unseen), a relative file looked up beside the
    /// pipeline first.
    /// </summary>
    private static List<KeyValuePair<string, string>> Settings(JsonElement step, string type, string? folder)
    {
        var settings = Parameters(step, top: true).ToList();
        if (settings.GroupBy(p => p.Key.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw LumosException.Usage($"'{twice.Key}' is given {twice.Count()} times");
        if (folder is null) return settings;
        var files = Operations.ParametersOf(type).Where(p => p.IsFile).ToList();
        return [.. settings.Select(p => files.Takes(p.Key) && !Path.IsPathRooted(p.Value) && p.Value.Length > 0
            && File.Exists(Path.Combine(folder, p.Value)) ? new(p.Key, Path.Combine(folder, p.Value)) : p)];
    }

    /// <summary>A step's settings as <c>name=value</c> pairs; a nested object's settings count as the step's own.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Parameters(JsonElement step, bool top)
    {
        foreach (var property in step.EnumerateObject())
        {
            if (top && property.NameEquals("type")) continue;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object)
            {
                foreach (var nested in Parameters(value, top: false)) yield return nested;
                continue;
            }
            yield return new(property.Name, value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Array => string.Join(',', value.EnumerateArray().Select(v => v.ToString())),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => value.GetRawText(),
            });
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var step in Steps) step.Dispose();
    }
}
