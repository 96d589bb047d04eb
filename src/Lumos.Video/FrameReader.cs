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
    /// one video sees the same frames, unless <paramref name="timestamps"/> is given.</param>
    /// <param name="pixelFormat">ffmpeg's raw pixel format: bgr24, bgr48le or gray.</param>
    /// <param name="inputOptions">Options before <c>-i</c> (e.g. a seek window).</param>
    /// <param name="size">Scale frames to this size (bicubic) instead of decoding them as they are.</param>
    /// <param name="timestamps">Read every source frame once, even at a variable rate, and list their presentation
    /// times in this file (see <see cref="FrameTimes"/>).</param>
    public FrameReader(string path, VideoInfo info, string pixelFormat, IEnumerable<string>? inputOptions = null, Size? size = null, string? timestamps = null)
    {
        this.path = path;
        var scale = size is Size s ? new[] { "-vf", $"scale={s.Width}:{s.Height}:flags=bicubic" } : [];
        // Constant rate: every decoded frame once (ffmpeg would otherwise repeat the last to fill a container's duration).
        string[] passthrough = ["-fps_mode", "passthrough"];
        var rate = info.VariableFrameRate && timestamps is null ? ["-r", info.FrameRate.ToString("R", CultureInfo.InvariantCulture)] : passthrough;
        // The piped frames' times, from a second output of the same decoding (so the same frames, seek window included):
        // a pseudo-encoder that passes each frame by reference, in the stream's own time base, listed by framecrc line
        // by line (flushed, so a cancelled job still finds the times of the frames it read).
        string[] times = timestamps is null ? [] : ["-map", "0:v:0", .. passthrough, "-enc_time_base", "-1", "-c:v", "wrapped_avframe",
            "-f", "framecrc", "-flush_packets", "1", "-y", timestamps];
        decoder = Ffmpeg.Start(["-v", "error", "-nostdin", .. inputOptions ?? [], "-i", path, "-map", "0:v:0", .. scale, .. rate,
            "-f", "rawvideo", "-pix_fmt", pixelFormat, "-", .. times], input: false);
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

    /// <summary>Stops decoding before the end: ffmpeg ends on the closed pipe, having listed the times of every frame it piped.</summary>
    public void Stop() => decoder.Abandon();

    /// <inheritdoc />
    public void Dispose() => decoder.Dispose();
}
