using System.IO.MemoryMappedFiles;
using Lumos.Imaging;

namespace Lumos.Web.Uploads;

/// <summary>
/// Runs the core's header check (<see cref="ImageIO.Inspect"/>) on an uploaded file through a read-only memory map,
/// so the pages it reads are the headers and chunk markers it walks, not a copy of the whole upload: twenty large
/// uploads checked at once do not hold twenty files in memory.
/// </summary>
public static class UploadInspector
{
    /// <summary>The real format and declared size of <paramref name="file"/>.</summary>
    /// <exception cref="LumosException">Not an image, truncated, too large or too small.</exception>
    public static unsafe ImageHeader Inspect(UploadedFile file, ReadOptions options)
    {
        if (file.Length == 0) return ImageIO.Inspect([], file.Name, options);
        if (file.Length > int.MaxValue) throw new LumosException($"{file.Name}: larger than 2 GB");
        using var map = MemoryMappedFile.CreateFromFile(file.Path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, file.Length, MemoryMappedFileAccess.Read);
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try { return ImageIO.Inspect(new ReadOnlySpan<byte>(start + view.PointerOffset, (int)file.Length), file.Name, options); }
        finally { view.SafeMemoryMappedViewHandle.ReleasePointer(); }
    }
}
