using System.Globalization;
using OpenCvSharp;

namespace Lumos.Video;

/// <summary>
/// Decodes a video's first video stream into raw frames through an ffmpeg pipe, one reused buffer at a time. One
/// reader serves the video job (BGR at full depth), the flicker measure (small grey thumbnails) and the warping error
/// (BGR at a chosen size).
/// </summary>
internal sealed class FrameReader : IDisposable
{
    private readonly Ffmpeg decoder;
    private readonly string path;

    /// <summary>Starts decoding.</summary>
    /// <param name="path">The video.</param>
    /// <param name="info">The video as probed: a variable-frame-rate stream is read at its constant
    /// <see cref="VideoInfo.FrameRate"/> (ffmpeg's <c>-r</c>: frame n shows the source at n / rate), so every reader of
    /// one video sees the same frames.</param>
    /// <param name="pixelFormat">ffmpeg's raw pixel format: bgr24, bgr48le or gray.</param>
    /// <param name="inputOptions">Options before <c>-i</c> (e.g. a seek window).</param>
    /// <param name="size">Scale frames to this size (bicubic) instead of decoding them as they are.</param>
    public FrameReader(string path, VideoInfo info, string pixelFormat, IEnumerable<string>? inputOptions = null, Size? size = null)
    {
        this.path = path;
        var scale = size is Size s ? new[] { "-vf", $"scale={s.Width}:{s.Height}:flags=bicubic" } : [];
        // Constant rate: every decoded frame once (ffmpeg would otherwise repeat the last to fill a container's duration).
        var rate = info.VariableFrameRate ? new[] { "-r", info.FrameRate.ToString("R", CultureInfo.InvariantCulture) } : ["-fps_mode", "passthrough"];
        decoder = Ffmpeg.Start(["-v", "error", "-nostdin", .. inputOptions ?? [], "-i", path, "-map", "0:v:0", .. scale, .. rate,
            "-f", "rawvideo", "-pix_fmt", pixelFormat, "-"], input: false);
    }

    /// <summary>Reads the next frame into <paramref name="frame"/>'s memory (its size and type must match); false at the end.</summary>
    public unsafe bool Read(Mat frame)
    {
        var buffer = new Span<byte>((void*)frame.Data, checked((int)(frame.Total() * frame.ElemSize())));
        return decoder.Output.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
    }

    /// <summary>Waits for ffmpeg after the last frame and throws its error line if decoding failed.</summary>
    /// <exception cref="LumosException">The decoder failed.</exception>
    public void Finish() => decoder.Finish(path);

    /// <inheritdoc />
    public void Dispose() => decoder.Dispose();
}
