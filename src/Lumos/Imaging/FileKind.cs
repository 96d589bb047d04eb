namespace Lumos.Imaging;

/// <summary>
/// A kind of file that folders and batches take (images here; videos in <c>Lumos.Video</c>): which paths count, by
/// extension, and what to call one in messages.
/// </summary>
/// <param name="Noun">One such file in messages ("image", "video").</param>
/// <param name="Accepts">True for a path whose extension is of this kind.</param>
public sealed record FileKind(string Noun, Func<string, bool> Accepts)
{
    /// <summary>Images Lumos reads and writes (<see cref="ImageFormats"/>).</summary>
    public static FileKind Images { get; } = new("image", ImageFormats.IsSupported);
}
