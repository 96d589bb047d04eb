namespace Lumos.Imaging;

/// <summary>The image file formats Lumos reads and writes, chosen by file extension.</summary>
public enum ImageFormat
{
    /// <summary>Portable Network Graphics: 8/16-bit, grey, colour, alpha.</summary>
    Png,
    /// <summary>JPEG: 8-bit grey or colour, lossy.</summary>
    Jpeg,
    /// <summary>TIFF: 8/16-bit, grey, colour, alpha.</summary>
    Tiff,
    /// <summary>Windows bitmap: 8-bit.</summary>
    Bmp,
    /// <summary>WebP: 8-bit colour with optional alpha.</summary>
    WebP,
}

/// <summary>Maps file extensions to <see cref="ImageFormat"/> and tells what each format can store.</summary>
public static class ImageFormats
{
    private static readonly Dictionary<string, ImageFormat> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = ImageFormat.Png,
        [".jpg"] = ImageFormat.Jpeg,
        [".jpeg"] = ImageFormat.Jpeg,
        [".tif"] = ImageFormat.Tiff,
        [".tiff"] = ImageFormat.Tiff,
        [".bmp"] = ImageFormat.Bmp,
        [".webp"] = ImageFormat.WebP,
    };

    /// <summary>Extensions Lumos recognises, lower case with the dot.</summary>
    public static IReadOnlyCollection<string> Extensions => ByExtension.Keys;

    /// <summary>True when the path's extension names a supported format.</summary>
    public static bool IsSupported(string path) => ByExtension.ContainsKey(Path.GetExtension(path));

    /// <summary>The format a path's extension names.</summary>
    /// <exception cref="LumosException">The extension is missing or not supported.</exception>
    public static ImageFormat FromPath(string path)
    {
        var ext = Path.GetExtension(path);
        if (ByExtension.TryGetValue(ext, out var format)) return format;
        var shown = ext.Length == 0 ? "no extension" : $"extension '{ext}'";
        throw new LumosException($"{path}: unsupported {shown} (use .png, .jpg, .tif, .bmp or .webp)");
    }

    /// <summary>The usual extension of <paramref name="format"/>, lower case with the dot (<c>.jpg</c> for JPEG).</summary>
    public static string Extension(ImageFormat format) => ByExtension.First(pair => pair.Value == format).Key;

    /// <summary>True when the format stores 16-bit samples.</summary>
    public static bool Supports16Bit(ImageFormat format) => format is ImageFormat.Png or ImageFormat.Tiff;

    /// <summary>True when the format stores an alpha channel.</summary>
    public static bool SupportsAlpha(ImageFormat format) => format is ImageFormat.Png or ImageFormat.Tiff or ImageFormat.WebP or ImageFormat.Bmp;
}
