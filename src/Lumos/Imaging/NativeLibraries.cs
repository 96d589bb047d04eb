namespace Lumos.Imaging;

/// <summary>
/// Native libraries that fail to load, in one line: .NET's <see cref="DllNotFoundException"/> lists every path it
/// tried, and the line that matters is the one about a dependency (<c>libgtk-3.so.0: cannot open shared object
/// file</c>) or a missing symbol version, not the absent candidates of the library's own name.
/// </summary>
public static class NativeLibraries
{
    /// <summary>
    /// Loads OpenCV's native library now (OpenCvSharp otherwise loads it on first use, deep inside a method) and
    /// silences its log: Lumos reports failures itself, in one line. Every call after the first is free.
    /// </summary>
    /// <exception cref="LumosException">The library or one of its system dependencies is missing; the message names it.</exception>
    public static void LoadOpenCv()
    {
        try { OpenCvSharp.Cv2.SetLogLevel(OpenCvSharp.LogLevel.SILENT); }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new LumosException($"cannot load OpenCV's native library ({Reason(e, "OpenCvSharpExtern")}): install the system libraries it "
                + "needs (Debian/Ubuntu: libgtk-3-0 libdrm2 libatomic1, as .ci/install-deps does) and keep libOpenCvSharpExtern.so beside the application", e);
        }
    }

    /// <summary>
    /// Why <paramref name="library"/> did not load, from the exception a load or a P/Invoke threw: the first line of
    /// the innermost message that is not an absent candidate path of the library itself (a missing dependency, a
    /// missing symbol version), with the loader's ": cannot open shared object file: No such file or directory"
    /// shortened to " missing"; "<paramref name="library"/> not found" when only its own candidates were absent.
    /// </summary>
    public static string Reason(Exception e, string library)
    {
        const string absent = ": cannot open shared object file: No such file or directory";
        var lines = e.GetBaseException().Message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        // .NET's first line, "Unable to load shared library 'X' or one of its dependencies. ...", precedes the paths it tried.
        bool tried = lines.Length > 0 && lines[0].StartsWith("Unable to load shared library", StringComparison.Ordinal);
        var detail = lines.Skip(tried ? 1 : 0).FirstOrDefault(l => !(l.EndsWith(absent, StringComparison.Ordinal) && l[..^absent.Length].Contains(library, StringComparison.Ordinal)));
        if (detail is null) return library + " not found";
        return detail.EndsWith(absent, StringComparison.Ordinal) ? detail[..^absent.Length] + " missing" : detail;
    }
}
