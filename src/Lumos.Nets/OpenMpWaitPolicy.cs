using System.Runtime.InteropServices;

namespace Lumos.Nets;

/// <summary>
/// How libtorch's OpenMP threads wait for work. GNU OpenMP (the libgomp libtorch ships) spins by default, sized for
/// a machine it owns: when other processes hold the cores (a second training run, an evaluation, the web server) the
/// spinning threads steal the time their peers need and every parallel region stalls. Measured on the 2-core VM
/// (bench/README.md, "Training runs side by side"): two FSRCNN training runs side by side took 113 s for 200 steps each instead of
/// 11 s with passive waiting; one run alone is within 6% either way.
/// </summary>
internal static partial class OpenMpWaitPolicy
{
    /// <summary>The OpenMP environment variable libgomp reads once, when it is loaded.</summary>
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>
    /// Makes libgomp wait passively unless the user chose a policy. Must run before libtorch loads: libgomp reads its
    /// environment in its constructor. Set through libc, since .NET's own environment block never reaches native code.
    /// </summary>
    public static void PreferPassive()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return; // Windows' libtorch uses another OpenMP
        if (!string.IsNullOrEmpty(Current())) return;
        try { setenv(Variable, "PASSIVE", 0); }
        catch (EntryPointNotFoundException) { } // a C library without setenv: libgomp keeps its default
    }

    /// <summary>The policy native code sees (null where unset).</summary>
    public static string? Current()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return Environment.GetEnvironmentVariable(Variable);
        var value = getenv(Variable);
        return value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getenv(string name);
}
