namespace Lumos.Imaging;

/// <summary>
/// The temporary files this process is writing, so that an exit the normal clean-up cannot reach (a second
/// Ctrl-C, SIGTERM during a write) still deletes them. Process-wide on purpose: a signal knows no call stack.
/// </summary>
public static class TempFiles
{
    private static readonly HashSet<string> Open = [];

    /// <summary>Records <paramref name="path"/> as being written.</summary>
    public static void Register(string path)
    {
        lock (Open) Open.Add(path);
    }

    /// <summary>Deletes <paramref name="path"/> if it is still there and forgets it.</summary>
    public static void Delete(string path)
    {
        lock (Open) Open.Remove(path);
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Forgets <paramref name="path"/> once it has been renamed into place.</summary>
    public static void Release(string path)
    {
        lock (Open) Open.Remove(path);
    }

    /// <summary>Deletes every temporary file still open: the last thing an interrupted process does.</summary>
    public static void DeleteAll()
    {
        string[] paths;
        lock (Open) paths = [.. Open];
        foreach (var path in paths) Delete(path);
    }
}
