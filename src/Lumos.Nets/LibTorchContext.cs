using System.Runtime.InteropServices;

namespace Lumos.Nets;

/// <summary>
/// The backend switches of libtorch's <c>at::Context</c> that TorchSharp does not wrap, called through the C++
/// symbols libtorch_cpu exports: <c>at::globalContext()</c> and the member functions
/// <c>setUserEnabledMkldnn(bool)</c>, <c>setUserEnabledNNPACK(bool)</c> and their getters (Itanium ABI: the
/// object pointer is the first argument). libtorch reads them at every convolution, so they work at any time.
/// </summary>
internal static unsafe class LibTorchContext
{
    private static readonly Lazy<Exports> exports = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the switches can be reached here: Linux and macOS (Windows' libtorch has MSVC-mangled names).</summary>
    public static bool Supported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>Whether convolutions may use oneDNN (libtorch's default, and what is reported where unsupported: yes).</summary>
    /// <exception cref="LumosException">Set where not <see cref="Supported"/> or the symbols are missing.</exception>
    public static bool OneDnnEnabled
    {
        get { if (!Supported) return true; var e = exports.Value; return e.GetMkldnn(e.Context()) != 0; }
        set { var e = exports.Value; e.SetMkldnn(e.Context(), value ? (byte)1 : (byte)0); }
    }

    /// <summary>Whether convolutions may use NNPACK (libtorch's default, and what is reported where unsupported: yes).</summary>
    /// <exception cref="LumosException">Set where not <see cref="Supported"/> or the symbols are missing.</exception>
    public static bool NnpackEnabled
    {
        get { if (!Supported) return true; var e = exports.Value; return e.GetNnpack(e.Context()) != 0; }
        set { var e = exports.Value; e.SetNnpack(e.Context(), value ? (byte)1 : (byte)0); }
    }

    private sealed class Exports
    {
        public required delegate* unmanaged<IntPtr> Context;
        public required delegate* unmanaged<IntPtr, byte> GetMkldnn;
        public required delegate* unmanaged<IntPtr, byte, void> SetMkldnn;
        public required delegate* unmanaged<IntPtr, byte> GetNnpack;
        public required delegate* unmanaged<IntPtr, byte, void> SetNnpack;
    }

    private static Exports Resolve()
    {
        TorchRuntime.Version(); // TorchSharp loads libtorch_cpu on first use
        var library = LoadedLibTorchCpu();
        return new Exports
        {
            Context = (delegate* unmanaged<IntPtr>)Export(library, "_ZN2at13globalContextEv"),
            GetMkldnn = (delegate* unmanaged<IntPtr, byte>)Export(library, "_ZNK2at7Context17userEnabledMkldnnEv"),
            SetMkldnn = (delegate* unmanaged<IntPtr, byte, void>)Export(library, "_ZN2at7Context20setUserEnabledMkldnnEb"),
            GetNnpack = (delegate* unmanaged<IntPtr, byte>)Export(library, "_ZNK2at7Context17userEnabledNNPACKEv"),
            SetNnpack = (delegate* unmanaged<IntPtr, byte, void>)Export(library, "_ZN2at7Context20setUserEnabledNNPACKEb"),
        };
    }

    private static IntPtr Export(IntPtr library, string symbol) =>
        NativeLibrary.TryGetExport(library, symbol, out var address) ? address
        : throw new LumosException($"cannot switch libtorch's convolution backends: libtorch_cpu does not export {symbol}");

    /// <summary>
    /// The handle of the libtorch_cpu TorchSharp already loaded. dlopen with RTLD_NOLOAD finds it by its soname and
    /// never loads a second copy from elsewhere on the library path (which would hold a separate global context).
    /// </summary>
    private static IntPtr LoadedLibTorchCpu()
    {
        (string name, string libc, int flags) = OperatingSystem.IsLinux() ? ("libtorch_cpu.so", "libc.so.6", 0x1 | 0x4) // RTLD_LAZY | RTLD_NOLOAD
            : OperatingSystem.IsMacOS() ? ("libtorch_cpu.dylib", "/usr/lib/libSystem.B.dylib", 0x1 | 0x10)
            : throw new LumosException($"cannot switch libtorch's oneDNN off on {RuntimeInformation.OSDescription} (only Linux and macOS); set {TorchRuntime.OneDnnVariable}=on to run anyway");
        // glibc before 2.34 keeps dlopen in libdl.
        IntPtr dlopen = NativeLibrary.TryLoad(libc, out var c) && NativeLibrary.TryGetExport(c, "dlopen", out var f) ? f
            : NativeLibrary.TryLoad("libdl.so.2", out var dl) && NativeLibrary.TryGetExport(dl, "dlopen", out f) ? f
            : throw new LumosException("cannot switch libtorch's oneDNN off: dlopen not found");
        IntPtr bytes = Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            var handle = ((delegate* unmanaged<IntPtr, int, IntPtr>)dlopen)(bytes, flags);
            return handle != IntPtr.Zero ? handle
                : throw new LumosException($"cannot switch libtorch's oneDNN off: {name} is not loaded in this process");
        }
        finally { Marshal.FreeCoTaskMem(bytes); }
    }
}
