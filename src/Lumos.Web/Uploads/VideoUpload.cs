using Lumos.Video;

namespace Lumos.Web.Uploads;

/// <summary>
/// Tells a video upload from an image by its first bytes, never by its name or content type, then has ffprobe read
/// its streams (<see cref="VideoInfo.Probe"/>) so anything unreadable, without a video stream or with frames over the
/// size limit is refused in one line before a frame is decoded.
/// </summary>
public static class VideoUpload
{
    private static readonly byte[] Ebml = [0x1A, 0x45, 0xDF, 0xA3];

    /// <summary>
    /// The container sniffed from <paramref name="head"/> (a file's first 12 bytes or more) as the extension its upload
    /// is stored with: <c>.mp4</c> for MP4/MOV (an <c>ftyp</c> box at offset 4), <c>.mkv</c> for Matroska/WebM (the EBML
    /// magic 1A 45 DF A3), <c>.avi</c> for AVI (<c>RIFF....AVI </c>); null for anything else.
    /// </summary>
    public static string? Container(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
            return IsStillImageBrand(head[8..12]) ? null : ".mp4";
        if (head.Length >= 4 && head[..4].SequenceEqual(Ebml)) return ".mkv";
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("AVI "u8)) return ".avi";
        return null;
    }

    /// <summary>The container of the file at <paramref name="path"/> (see <see cref="Container(ReadOnlySpan{byte})"/>).</summary>
    public static string? Container(string path)
    {
        Span<byte> head = stackalloc byte[12];
        using var stream = File.OpenRead(path);
        return Container(head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)]);
    }

    /// <summary>The result's container: Matroska stays Matroska (it holds any stream it came with), anything else becomes MP4.</summary>
    /// <param name="container">The sniffed container of the input.</param>
    /// <param name="format">The client's <c>format</c> field (mp4 or mkv), or null for the default.</param>
    /// <exception cref="LumosException">A format that is not a video container Lumos writes.</exception>
    public static string OutputExtension(string container, string? format)
    {
        if (string.IsNullOrWhiteSpace(format)) return container == ".mkv" ? ".mkv" : ".mp4";
        var extension = "." + format.Trim().TrimStart('.').ToLowerInvariant();
        return extension is ".mp4" or ".mkv" ? extension : throw LumosException.Usage($"format: '{format}' is not one of mp4, mkv (for a video)");
    }

    /// <summary>Probes the stored upload at <paramref name="path"/>; messages name it <paramref name="name"/>, never by its path.</summary>
    /// <exception cref="LumosException">Unreadable, no video stream, or frames above <paramref name="maxMegapixels"/>.</exception>
    public static VideoInfo Inspect(string path, string name, double maxMegapixels)
    {
        VideoInfo info;
        try { info = VideoInfo.Probe(path); }
        catch (LumosException e) { throw new LumosException(e.Message.Replace(path, name, StringComparison.Ordinal)); }
        long pixels = (long)info.Width * info.Height;
        if (pixels > maxMegapixels * 1e6)
            throw new LumosException($"{name}: video frames are {info.Width}×{info.Height} ({pixels / 1e6:0.##} MP), above the {maxMegapixels:0.##} MP limit");
        return info;
    }

    /// <summary>
    /// HEIF and AVIF images are ISO boxes too, with a still-image brand (heic, heix, mif1, avif…): they are images, not
    /// videos, and go to the image check (which names what they are).
    /// </summary>
    private static bool IsStillImageBrand(ReadOnlySpan<byte> brand) =>
        brand.StartsWith("hei"u8) || brand.StartsWith("mif"u8) || brand.StartsWith("msf"u8) || brand.SequenceEqual("avif"u8);
}
