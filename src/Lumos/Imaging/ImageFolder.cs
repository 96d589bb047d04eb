namespace Lumos.Imaging;

/// <summary>
/// "A folder of images", scanned one way for every part that takes one (batch, evaluation, training): entries whose
/// extension <see cref="ImageFormats"/> supports, as paths under the folder, in ordinal order of the path so every
/// run and every machine sees the same sequence.
/// </summary>
public static class ImageFolder
{
    /// <summary>The supported images in <paramref name="folder"/>.</summary>
    /// <param name="folder">An existing folder.</param>
    /// <param name="recursive">Descend into sub-folders and list the image files in all of them.</param>
    /// <returns>
    /// Paths in ordinal order. Without <paramref name="recursive"/>, a sub-folder named like an image (<c>x.png</c>)
    /// is listed too: whoever reads it then reports "is a folder", rather than the scan skipping it silently.
    /// </returns>
    public static IReadOnlyList<string> Images(string folder, bool recursive = false) => Files(folder, FileKind.Images, recursive);

    /// <summary>The files of one <paramref name="kind"/> in <paramref name="folder"/>, as <see cref="Images"/> lists images.</summary>
    public static IReadOnlyList<string> Files(string folder, FileKind kind, bool recursive = false)
    {
        var entries = recursive
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            : Directory.EnumerateFileSystemEntries(folder);
        return Of(kind, entries);
    }

    /// <summary>The files of one <paramref name="kind"/> in <paramref name="folder"/> whose names match a glob.</summary>
    /// <param name="folder">An existing folder.</param>
    /// <param name="pattern">A file-name pattern with <c>*</c> and <c>?</c>, as a shell glob (<c>*.png</c>, <c>cam?_*</c>).</param>
    /// <param name="kind">Which files count (default: images).</param>
    /// <returns>Paths in ordinal order.</returns>
    public static IReadOnlyList<string> Matching(string folder, string pattern, FileKind? kind = null) =>
        Of(kind ?? FileKind.Images, Directory.EnumerateFiles(folder, pattern));

    private static string[] Of(FileKind kind, IEnumerable<string> entries) =>
        entries.Where(kind.Accepts).Order(StringComparer.Ordinal).ToArray();
}
