namespace Lumos.Imaging;

/// <summary>
/// Writes a file so that readers never see a partial result: the bytes go to a temporary file in the
/// target folder, which is then renamed over the target in one step.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically, creating its folder when missing.</summary>
    /// <param name="path">Target file.</param>
    /// <param name="bytes">Complete file content.</param>
    /// <param name="overwrite">Replace an existing target; otherwise an existing target is an error.</param>
    /// <exception cref="LumosException">The target exists (without overwrite) or cannot be written.</exception>
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool overwrite)
    {
        var content = bytes.ToArray();
        Write(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.Create, FileAccess.Write);
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }, overwrite);
    }

    /// <summary>
    /// Lets <paramref name="writer"/> write a temporary file beside <paramref name="path"/> (same extension, so
    /// encoders that go by the name pick the right format), then renames it over the target: an encoder can
    /// stream a huge image straight to disk without a copy in memory.
    /// </summary>
    /// <param name="path">Target file.</param>
    /// <param name="writer">Writes the complete file at the path it is given.</param>
    /// <param name="overwrite">Replace an existing target; otherwise an existing target is an error.</param>
    /// <exception cref="LumosException">The target exists (without overwrite) or cannot be written.</exception>
    public static void Write(string path, Action<string> writer, bool overwrite)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        CreateFolder(folder, path);
        if (Directory.Exists(full)) throw new LumosException($"{path}: is a folder, expected a file name");
        if (!overwrite && File.Exists(full)) throw LumosException.OutputExists($"{path}: already exists");
        var temp = TempPath(full);
        TempFiles.Register(temp);
        try
        {
            // Created here first, so a read-only folder or file system fails with its errno, not in a native encoder.
            new FileStream(temp, FileMode.CreateNew, FileAccess.Write).Dispose();
            writer(temp);
            File.Move(temp, full, overwrite);
            TempFiles.Release(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TempFiles.Delete(temp);
            if (!overwrite && File.Exists(full) && e is IOException)
                throw LumosException.OutputExists($"{path}: already exists", e);
            throw new LumosException($"{path}: cannot write ({Reason(e)})", e);
        }
        catch
        {
            TempFiles.Delete(temp);
            throw;
        }
    }

    /// <summary>
    /// Checks, before long work (a training run), that <paramref name="path"/> can be written when the work ends: its
    /// folder exists or can be made, and takes a new file.
    /// </summary>
    /// <exception cref="LumosException">It cannot, with the reason.</exception>
    public static void CheckWritable(string path)
    {
        var full = Path.GetFullPath(path);
        CreateFolder(Path.GetDirectoryName(full)!, path);
        if (Directory.Exists(full)) throw new LumosException($"{path}: is a folder, expected a file name");
        try { new FileStream(TempPath(full), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose).Dispose(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not found right after the folder was made: a folder that takes no files, such as /proc (the system's
            // message would name the probe file).
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "the folder takes no new files" : Reason(e);
            throw new LumosException($"{path}: cannot write ({reason})", e);
        }
    }

    /// <summary>Why a file operation failed, in a few words: read-only file system, no space left, permission denied, or the system's message.</summary>
    public static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        IOException { HResult: Erofs } => "read-only file system",
        IOException { HResult: Enospc or Edquot } => "no space left on device",
        IOException { HResult: Eacces or Eperm } => "permission denied",
        _ => FirstLine(e.Message),
    };

    // .NET on Unix puts the errno of a failed call in IOException.HResult.
    private const int Eperm = 1, Eacces = 13, Enospc = 28, Erofs = 30, Edquot = 122;

    /// <summary>A hidden temporary file beside <paramref name="full"/>, with its extension.</summary>
    private static string TempPath(string full) => Path.Combine(Path.GetDirectoryName(full)!,
        $".{Path.GetFileNameWithoutExtension(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full).ToLowerInvariant()}");

    private static void CreateFolder(string folder, string path)
    {
        try { Directory.CreateDirectory(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LumosException($"{path}: cannot create output folder ({Reason(e)})", e);
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
