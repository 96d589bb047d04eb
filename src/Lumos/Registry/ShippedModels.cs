namespace Lumos.Registry;

/// <summary>The checkpoints shipped in the <c>models/</c> folder beside the application, by name (<c>fsrcnn-x2</c>).</summary>
public static class ShippedModels
{
    /// <summary>File extension of Lumos checkpoints.</summary>
    public const string Extension = ".lumosnet";

    /// <summary>The folder of shipped checkpoints beside the application.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>Names of the shipped checkpoints, sorted.</summary>
    public static IReadOnlyList<string> Names =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*" + Extension).Select(f => Path.GetFileName(f)[..^Extension.Length]).Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>The file of the shipped checkpoint <paramref name="name"/>, or null when there is none of that name.</summary>
    public static string? PathOf(string name) =>
        Names.Contains(name, StringComparer.Ordinal) ? Path.Combine(Folder, name + Extension) : null;
}
