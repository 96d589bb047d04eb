namespace Lumos.Web;

/// <summary>
/// The last guard on what leaves the server: the folders a core message could name (the data folder, the
/// application's, the working, home and temporary folders) are cut from it, leaving the file's own name.
/// </summary>
public static class ServerPaths
{
    /// <summary><paramref name="message"/> without any of those folders.</summary>
    public static string Hide(string message, string? dataFolder)
    {
        string?[] folders = [dataFolder is null ? null : Path.GetFullPath(dataFolder), AppContext.BaseDirectory, Environment.CurrentDirectory,
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Path.GetTempPath()];
        foreach (var folder in folders.Where(f => f is { Length: > 1 }).OrderByDescending(f => f!.Length))
            message = message.Replace(folder!.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
        return message;
    }
}
