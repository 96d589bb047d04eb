using System.Runtime.InteropServices;

namespace Lumos.Imaging;

/// <summary>
/// Silences what native codecs print on standard error (libpng's "libpng error: IDAT: CRC error", libtiff warnings,
/// NNPACK's "Unsupported hardware") while they run: Lumos reports each failure itself, in one line. File descriptor 2
/// points at /dev/null for the duration; .NET's <see cref="Console.Error"/> writes to its own duplicate of the
/// original descriptor, so Lumos's messages are unaffected. Set <c>LUMOS_NATIVE_STDERR=1</c> to see the native output.
/// </summary>
public static class NativeStderr
{
    private static readonly Lock Gate = new();
    private static int depth, saved = -1;

    /// <summary>Mutes native standard error until the returned scope is disposed (nested and concurrent scopes are counted).</summary>
    public static IDisposable Mute()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() || Environment.GetEnvironmentVariable("LUMOS_NATIVE_STDERR") == "1")
            return Scope.Empty;
        _ = Console.Error; // opened (as a duplicate of fd 2) before fd 2 is redirected
        lock (Gate)
        {
            if (depth++ == 0)
            {
                int devNull = open("/dev/null", 1 /* O_WRONLY */);
                saved = devNull < 0 ? -1 : dup(2);
                if (saved >= 0) dup2(devNull, 2);
                if (devNull >= 0) close(devNull);
            }
        }
        return new Scope(Unmute);
    }

    private static void Unmute()
    {
        lock (Gate)
        {
            if (--depth != 0 || saved < 0) return;
            dup2(saved, 2);
            close(saved);
            saved = -1;
        }
    }

    private sealed class Scope(Action? end) : IDisposable
    {
        public static readonly Scope Empty = new(null);
        private Action? end = end;
        public void Dispose() => Interlocked.Exchange(ref end, null)?.Invoke();
    }

    [DllImport("libc")] private static extern int dup(int fd);
    [DllImport("libc")] private static extern int dup2(int from, int to);
    [DllImport("libc")] private static extern int close(int fd);
    [DllImport("libc")] private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
