using System.Runtime.InteropServices;
using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// Full-size images allocated so that first touching them is cheap. A fresh 36 MB Mat comes from its own mmap
/// and faults in 4 KB pages on first write (on a shared 2-core VM, ~200 ms for 12 MP colour, more than the
/// method itself); advising the kernel to back it with transparent huge pages makes that ~20 ms. numpy does
/// the same for arrays of 4 MB and more (numpy/core/src/multiarray/alloc.c, MADV_HUGEPAGE), which is why
/// Python's OpenCV pays little for its fresh outputs.
/// </summary>
public static partial class LargeBuffers
{
    // Below 4 MB (numpy's threshold) a buffer spans at most one huge page: not worth a system call.
    private const long Threshold = 4 << 20, HugePage = 2 << 20;
    private const int MadvHugepage = 14;

    /// <summary>A new, uninitialised image of the given size and type, huge-page backed where the OS allows.</summary>
    public static Mat New(Size size, MatType type)
    {
        var image = new Mat(size, type);
        Advise(image);
        return image;
    }

    /// <summary>Makes <paramref name="image"/> this size and type, reallocating (huge-page backed) only when it differs.</summary>
    public static void Ensure(Mat image, Size size, MatType type)
    {
        if (image.Size() == size && image.Type() == type) return;
        image.Create(size, type);
        Advise(image);
    }

    /// <summary>
    /// Makes <paramref name="destination"/> the size and type of <paramref name="input"/>, as <see cref="Ensure"/>, for a
    /// method about to write its output there.
    /// </summary>
    /// <exception cref="ArgumentException">The destination shares memory with the input: the method would read what it
    /// has already overwritten.</exception>
    public static void EnsureOutput(Mat destination, Mat input)
    {
        if (!destination.Empty() && !input.Empty()
            && destination.DataStart < input.DataEnd && input.DataStart < destination.DataEnd)
            throw new ArgumentException("the destination shares memory with the input; pass a separate Mat", nameof(destination));
        Ensure(destination, input.Size(), input.Type());
    }

    private static void Advise(Mat image)
    {
        long bytes = (long)image.Total() * image.ElemSize();
        if (!OperatingSystem.IsLinux() || bytes < Threshold) return;
        // madvise wants page-aligned ranges; only whole 2 MB pages inside the buffer can be huge anyway.
        long start = ((long)image.Data + HugePage - 1) & ~(HugePage - 1), end = ((long)image.Data + bytes) & ~(HugePage - 1);
        // Failure (THP disabled or unsupported) only means ordinary pages: nothing to report.
        if (end > start) _ = Madvise((nint)start, (nuint)(end - start), MadvHugepage);
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
