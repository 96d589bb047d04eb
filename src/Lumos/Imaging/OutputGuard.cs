using System.Runtime.InteropServices;

namespace Lumos.Imaging;

/// <summary>
/// The one check every writing command makes before it writes: an output must never be one of the files the
/// command reads. Files are compared by identity (device and inode), so a relative or absolute spelling, <c>./</c>,
/// <c>..</c>, a symbolic link or a hard link to an input is caught as well as the same string.
/// </summary>
public sealed class OutputGuard
{
    private readonly Dictionary<FileIdentity, string> inputs = [];

    /// <summary>A guard that protects <paramref name="inputs"/>: files, or folders (every file beneath them).</summary>
    public OutputGuard(IEnumerable<string> inputs)
    {
        foreach (var input in inputs) Add(input);
    }

    /// <summary>A guard that protects nothing, for writes that read no file.</summary>
    public static OutputGuard None { get; } = new([]);

    /// <summary>Also protects <paramref name="input"/> (a file, or a folder and every file beneath it).</summary>
    public void Add(string input)
    {
        if (Directory.Exists(input))
        {
            foreach (var file in Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)) Add(file);
            return;
        }
        if (FileIdentity.Of(input) is { } identity) inputs.TryAdd(identity, input);
    }

    /// <summary>Throws when writing <paramref name="output"/> would replace a protected input.</summary>
    /// <exception cref="LumosException">The output is an input under another name.</exception>
    public void Check(string output)
    {
        if (FileIdentity.Of(output) is { } identity && inputs.TryGetValue(identity, out var input))
            throw new LumosException(input == output || Path.GetFullPath(input) == Path.GetFullPath(output)
                ? $"{output}: output would overwrite the input"
                : $"{output}: output would overwrite the input {input} (the same file)");
    }

    /// <summary>Checks <paramref name="path"/>, then writes <paramref name="bytes"/> there atomically.</summary>
    /// <exception cref="LumosException">The output is an input, exists without <paramref name="overwrite"/>, or cannot be written.</exception>
    public void Write(string path, ReadOnlySpan<byte> bytes, bool overwrite)
    {
        Check(path);
        AtomicFile.Write(path, bytes, overwrite);
    }

    /// <summary>Checks <paramref name="path"/>, then lets <paramref name="writer"/> write it atomically (see <see cref="AtomicFile.Write(string, Action{string}, bool)"/>).</summary>
    /// <exception cref="LumosException">The output is an input, exists without <paramref name="overwrite"/>, or cannot be written.</exception>
    public void Write(string path, Action<string> writer, bool overwrite)
    {
        Check(path);
        AtomicFile.Write(path, writer, overwrite);
    }

    /// <summary>What makes two paths the same file: device and inode on Unix, the resolved full path elsewhere.</summary>
    private readonly record struct FileIdentity(ulong Device, ulong Inode, string? Path)
    {
        public static FileIdentity? Of(string path)
        {
            if (!File.Exists(path)) return null;
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                // struct stat starts with st_dev; st_ino sits at byte 8 on 64-bit Linux (x64, arm64) and on macOS.
                var buffer = new byte[256];
                if (Stat(path, buffer) == 0)
                    return new FileIdentity(OperatingSystem.IsLinux() ? BitConverter.ToUInt64(buffer, 0) : BitConverter.ToUInt32(buffer, 0), BitConverter.ToUInt64(buffer, 8), null);
            }
            var info = new FileInfo(path);
            var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
            return new FileIdentity(0, 0, target);
        }

        private static int Stat(string path, byte[] buffer)
        {
            try { return stat(path, buffer); }
            catch (EntryPointNotFoundException) { return xstat(1, path, buffer); } // glibc before 2.33 exports only __xstat
        }

        [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
        private static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

        [DllImport("libc", EntryPoint = "__xstat", SetLastError = true)]
        private static extern int xstat(int version, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
    }
}
