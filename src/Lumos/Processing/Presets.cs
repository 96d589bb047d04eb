using System.Text.Json;

namespace Lumos.Processing;

/// <summary>A named pipeline with a documented purpose.</summary>
/// <param name="Name">The name (the file name without <c>.json</c>).</param>
/// <param name="Description">What it is for and what it does.</param>
/// <param name="File">The preset file.</param>
public sealed record Preset(string Name, string Description, string File)
{
    /// <summary>Builds the preset's pipeline.</summary>
    /// <param name="shared">Settings for every step that takes them (see <see cref="Operations.Create"/>); a step's own win.</param>
    /// <exception cref="LumosException">The file is unreadable or a step is rejected.</exception>
    public Pipeline Build(IReadOnlyList<KeyValuePair<string, string>>? shared = null) => Pipeline.Load(File, shared);
}

/// <summary>
/// Application presets as data: <c>presets/*.json</c> shipped beside Lumos, then the user's own in
/// <c>$XDG_CONFIG_HOME/lumos/presets</c> (default <c>~/.config/lumos/presets</c>), which may replace a shipped one of
/// the same name; a path to any <c>.json</c> file works too. Each is <c>{"description": "...", "steps": [...]}</c>.
/// </summary>
public static class Presets
{
    /// <summary>The folders searched, shipped first.</summary>
    public static IReadOnlyList<string> Folders
    {
        get
        {
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(config)) config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return [Path.Combine(AppContext.BaseDirectory, "presets"), Path.Combine(config, "lumos", "presets")];
        }
    }

    /// <summary>Every preset found, by name; a user's preset replaces a shipped one of the same name.</summary>
    public static IReadOnlyList<Preset> All
    {
        get
        {
            var byName = new SortedDictionary<string, Preset>(StringComparer.Ordinal);
            foreach (var folder in Folders.Where(Directory.Exists))
                foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
                {
                    var name = Path.GetFileNameWithoutExtension(file);
                    byName[name] = new Preset(name, DescriptionOf(file), file);
                }
            return [.. byName.Values];
        }
    }

    /// <summary>The preset called <paramref name="nameOrFile"/>, or the preset file at that path.</summary>
    /// <exception cref="LumosException">No such preset or file.</exception>
    public static Preset Get(string nameOrFile)
    {
        if (nameOrFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || nameOrFile.Contains(Path.DirectorySeparatorChar))
            return File.Exists(nameOrFile)
                ? new Preset(Path.GetFileNameWithoutExtension(nameOrFile), DescriptionOf(nameOrFile), nameOrFile)
                : throw new LumosException($"{nameOrFile}: no such preset file");
        return Find(nameOrFile) ?? throw Unknown(nameOrFile, "; or give a .json file");
    }

    /// <summary>The preset called <paramref name="name"/>; never a file path, so a caller that must not open files (a server) can take any text.</summary>
    /// <exception cref="LumosException">No preset has that name.</exception>
    public static Preset Named(string name) => Find(name) ?? throw Unknown(name, "");

    private static Preset? Find(string name) => All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static LumosException Unknown(string name, string hint) =>
        LumosException.Usage($"unknown preset '{name}' (known: {string.Join(", ", All.Select(p => p.Name))}{hint})");

    internal static string ReadText(string file)
    {
        try { return File.ReadAllText(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new LumosException($"{file}: cannot read it ({e.Message})", e); }
    }

    /// <summary>The <c>description</c> of a preset file, or a note that it has none or cannot be read.</summary>
    private static string DescriptionOf(string file)
    {
        try
        {
            using var document = JsonDocument.Parse(ReadText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String
                ? d.GetString()! : "(no description)";
        }
        catch (Exception e) when (e is JsonException or LumosException) { return "(unreadable: not valid JSON)"; }
    }
}
