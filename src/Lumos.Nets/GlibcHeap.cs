using System.Runtime.InteropServices;

namespace Lumos.Nets;

/// <summary>
/// glibc's malloc policy for the libtorch path without oneDNN. libtorch then allocates a fresh im2col/col2im
/// buffer of tens of MB for every convolution; glibc serves blocks above 32 MB with mmap and unmaps them on free,
/// so every convolution faults its buffer in again page by page — on a VM that costs more than the arithmetic
/// (MBLLEN on a 600×400 photo: 87 s; with freed memory kept for reuse: 28 s, at 3.5 GB instead of 1.2 GB peak).
/// </summary>
internal static partial class GlibcHeap
{
    private const int TrimThreshold = -1, MmapMax = -4;

    /// <summary>Serves large blocks from the heap and keeps freed memory for reuse (no effect outside glibc).</summary>
    public static void KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            mallopt(MmapMax, 0);
            mallopt(TrimThreshold, int.MaxValue);
        }
        catch (EntryPointNotFoundException) { } // musl and other C libraries without mallopt: leave them as they are
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int parameter, int value);
}
