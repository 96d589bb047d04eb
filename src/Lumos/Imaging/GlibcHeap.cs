using System.Runtime.InteropServices;

namespace Lumos.Imaging;

/// <summary>
/// glibc's malloc policy for processes that allocate and free the same large buffers over and over (a batch of
/// photos, a video, libtorch without oneDNN). glibc serves blocks above 32 MB (a 12-MP colour image is 36 MB) with
/// mmap and unmaps them on free, so each image faults its buffers in again page by page — on a VM that can cost
/// more than the arithmetic. Keeping freed memory in the heap lets the next image reuse it already mapped.
/// </summary>
/// <remarks>
/// Measured (bench/README.md, classic section): MBLLEN on libtorch without oneDNN, 600×400: 87 s → 28 s (3.5 GB
/// instead of 1.2 GB peak); the 12-MP classic methods and a 2-MP folder batch are in the README.
/// </remarks>
public static partial class GlibcHeap
{
    private const int TrimThreshold = -1, MmapMax = -4;

    /// <summary>
    /// Serves large blocks from the heap and keeps freed memory for reuse (no effect outside glibc): the process
    /// keeps its peak memory mapped, in exchange for never faulting it in twice.
    /// </summary>
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
