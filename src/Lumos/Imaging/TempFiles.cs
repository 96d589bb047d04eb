namespace Lumos.Imaging;

/// <summary>
/// The temporary files this process is writing, so that an exit the normal clean-up cannot reach (a second
/// Ctrl-C, SIGTERM during a write) still deletes them. Process-wide on purpose: a signal knows no call stack.
/// </summary>
public static class TempFiles
{
    private static readonly HashSet<string> Open = [];
    private static bool ending;

    /// <summary>Records <paramref name="path"/> as being written.</summary>
    /// <exception cref="OperationCanceledException">The process is ending (<see cref="DeleteAll"/> ran): no new file is started.</exception>
    public static void Register(string path)
    {
        lock (Open)
        {
            if (ending) throw new OperationCanceledException("interrupted");
            Open.Add(path);
        }
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

    /// <summary>
    /// Deletes every temporary file still open: the last thing an ending process does (a second Ctrl-C, then the exit
    /// handler). From then on no new temporary file is started, and the paths stay known: a worker thread still inside
    /// an encoder may create its file again before the process is gone, and the exit handler's call deletes it again.
    /// </summary>
    public static void DeleteAll()
    {
        string[] paths;
        lock (Open)
        {
            ending = true;
            paths = [.. Open];
        }
        foreach (var path in paths)
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
