using System.Diagnostics;
using System.Globalization;
using Lumos.Imaging;
using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Video;

/// <summary>Output codec of a processed video.</summary>
public enum VideoCodec
{
    /// <summary>H.264 (libx264, CRF), 4:2:0: 8-bit plays everywhere; high-bit-depth input is written as 10-bit (High 10).</summary>
    H264,

    /// <summary>H.265 (libx265, CRF), 4:2:0, 10-bit for high-bit-depth input.</summary>
    H265,

    /// <summary>FFV1, lossless, RGB (16-bit for high-bit-depth input): for further processing.</summary>
    Ffv1,

    /// <summary>PNG frames in the container, lossless RGB.</summary>
    Png,
}

/// <summary>How a video is processed and written.</summary>
public sealed record VideoOptions
{
    /// <summary>Output codec.</summary>
    public VideoCodec Codec { get; init; } = VideoCodec.H264;

    /// <summary>Constant rate factor of H.264/H.265 (lower is better; 18 is visually lossless for H.264).</summary>
    public int Crf { get; init; } = 18;

    /// <summary>Start time in seconds (0 = the beginning).</summary>
    public double Start { get; init; }

    /// <summary>Seconds to process from <see cref="Start"/> (0 = to the end).</summary>
    public double Duration { get; init; }

    /// <summary>
    /// Time constant τ, in seconds, of the moving average of a method's per-frame statistics (see
    /// <see cref="TemporalSmoothing"/>); 0 gives every frame its own, as for separate images.
    /// </summary>
    public double Smoothing { get; init; } = 0.5;

    /// <summary>
    /// x264/x265 speed preset (ultrafast … veryslow): slower presets compress better at the same CRF. The default,
    /// medium, is ffmpeg's; a live or bulk job may prefer veryfast.
    /// </summary>
    public string EncoderPreset { get; init; } = "medium";

    /// <summary>The x264/x265 presets, fastest first.</summary>
    public static IReadOnlyList<string> EncoderPresets { get; } = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];

    /// <summary>
    /// On cancellation, close the encoder and keep the frames done so far as a playable (shorter) output instead of
    /// deleting it.
    /// </summary>
    public bool KeepPartial { get; init; }

    /// <summary>Replace an existing output.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Protects the inputs from being overwritten.</summary>
    public OutputGuard Guard { get; init; } = OutputGuard.None;
}

/// <summary>Where a video job stands, after each frame.</summary>
/// <param name="Frames">Frames written.</param>
/// <param name="Total">Frames expected (an estimate when the container does not state it).</param>
/// <param name="FramesPerSecond">Throughput so far.</param>
public sealed record VideoProgress(long Frames, long Total, double FramesPerSecond);

/// <summary>What a video job did.</summary>
/// <param name="Frames">Frames processed.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Input">The input as probed.</param>
/// <param name="Smoothed">True when the method's per-frame statistics were smoothed over time.</param>
/// <param name="SceneCuts">Scene cuts that restarted the smoothing.</param>
/// <param name="Partial">Cancelled with <see cref="VideoOptions.KeepPartial"/>: the output holds only the first <paramref name="Frames"/> frames.</param>
public sealed record VideoResult(long Frames, double Seconds, VideoInfo Input, bool Smoothed, int SceneCuts, bool Partial = false);

/// <summary>
/// Runs an <see cref="IImageOperation"/> over every frame of a video: ffmpeg decodes to raw BGR frames (8-bit, or
/// 16-bit for high-bit-depth input; rotation applied), the <see cref="Processor"/> processes each as it would an
/// image (a method with per-frame statistics through <see cref="TemporalSmoothing"/>, so it does not flicker), and a second ffmpeg encodes them at the input's frame rate (variable-rate input keeps every frame's source time,
/// through mkvmerge: see <see cref="FrameTimes"/>) while copying the audio (and, into Matroska, subtitle) streams untouched. The output is written to a temporary file and renamed into place, so an
/// error or a cancellation leaves nothing behind. Odd output sizes are padded by one pixel for 4:2:0 codecs.
/// </summary>
public static class VideoJob
{
    /// <summary>
    /// Whether ffmpeg's muxer for <paramref name="extension"/> takes <paramref name="codec"/>, so a mismatch is refused
    /// before any frame is decoded, not cut off in ffmpeg's "Error initializing output stream". Measured with Debian's
    /// ffmpeg 5.1: WebM takes none of them (VP8/VP9/AV1 only); FFV1 not MP4, M4V or FLV; H.265 not M4V, WMV or FLV;
    /// PNG not M4V or FLV.
    /// </summary>
    public static bool Fits(VideoCodec codec, string extension) => (codec, extension.ToLowerInvariant()) switch
    {
        (_, ".webm") => false,
        (VideoCodec.Ffv1, ".mp4" or ".m4v" or ".flv") => false,
        (VideoCodec.H265, ".m4v" or ".wmv" or ".flv") => false,
        (VideoCodec.Png, ".m4v" or ".flv") => false,
        _ => true,
    };

    /// <summary>Processes <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <exception cref="LumosException">Unreadable input, no frames, an output that exists or cannot be written, or an encoder error.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no output is left (unless <see cref="VideoOptions.KeepPartial"/>, which returns a partial result instead).</exception>
    public static VideoResult Run(string input, string output, IImageOperation operation, VideoOptions options,
        IProgress<VideoProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (!VideoOptions.EncoderPresets.Contains(options.EncoderPreset))
            throw new LumosException($"encoder preset '{options.EncoderPreset}' is not one of {string.Join(", ", VideoOptions.EncoderPresets)}");
        if (!Fits(options.Codec, Path.GetExtension(output)))
            throw LumosException.Usage($"{output}: {Path.GetExtension(output)} cannot hold {options.Codec.ToString().ToLowerInvariant()} video (use .mkv)");
        var info = VideoInfo.Probe(input);
        options.Guard.Check(output);
        if (!options.Overwrite && File.Exists(output)) throw LumosException.OutputExists($"{output}: already exists");
        var clock = Stopwatch.StartNew();
        long frames = 0;
        bool partial = false;
        var sequence = new TemporalSmoothing(operation, info.FrameRate, options.Smoothing);
        long total = options.Duration > 0 ? Math.Min(info.Frames, (long)Math.Ceiling(options.Duration * info.FrameRate)) : info.Frames;
        options.Guard.Write(output, temporary =>
        {
            // A method on luma alone gets the Y plane of 8-bit 4:2:0 frames and the chroma planes pass through: neither
            // ffmpeg converts colour, and the pipes carry half the bytes. Anything else gets BGR frames.
            bool luma = OnLumaAlone(operation, info, options);
            string format = luma ? "yuv420p" : info.HighBitDepth ? "bgr48le" : "bgr24";
            // Variable frame rate: every source frame once, given back its time after encoding (see FrameTimes).
            using var times = info.VariableFrameRate ? new FrameTimes(temporary, output) : null;
            using var decoder = new FrameReader(input, info, format, Window(options), timestamps: times?.Listing);
            using var frame = luma ? new Mat(info.Height * 3 / 2, info.Width, MatType.CV_8UC1)
                : new Mat(info.Height, info.Width, info.HighBitDepth ? MatType.CV_16UC3 : MatType.CV_8UC3);
            // Every frame is processed into the same buffers: a fresh 1080p output would fault in 6 MB a frame.
            using var processed = new Mat();
            using var fullRangeY = new Mat();
            Ffmpeg? encoder = null;
            try
            {
                while (decoder.Read(frame))
                {
                    if (cancellation.IsCancellationRequested && options.KeepPartial && encoder is not null) { partial = true; break; }
                    cancellation.ThrowIfCancellationRequested();
                    double? time = times?.TimeOf(frames);
                    if (luma) MapLuma(sequence, frame, info.Height, fullRangeY, processed, time);
                    else sequence.Next(frame, processed, time);
                    var written = luma ? frame : processed;
                    encoder ??= Ffmpeg.Start(EncoderArguments(times is null ? Streams(input, temporary, info, options) : ["-map", "0:v:0"], times?.Frames ?? temporary,
                        written.Width, luma ? info.Height : written.Height, luma ? format : written.Depth() == MatType.CV_16U ? "bgr48le" : "bgr24", info, options), input: true);
                    Write(encoder.Input, written, output);
                    frames++;
                    progress?.Report(new VideoProgress(frames, Math.Max(total, frames), frames / Math.Max(clock.Elapsed.TotalSeconds, 1e-9)));
                }
                if (partial) decoder.Stop();
                else decoder.Finish();
                if (encoder is null) throw new LumosException($"{input}: no frames to process{(options.Start > 0 ? $" after {options.Start} s" : "")}");
                encoder.Input.Close();
                encoder.Finish(output);
                times?.Apply(frames, temporary, Streams(input, temporary, info, options));
                if (partial && HasOtherStreams(temporary, info)) CutOtherStreams(temporary, output, PartialSeconds(frames, info, times));
            }
            finally { encoder?.Dispose(); }
        }, options.Overwrite);
        return new VideoResult(frames, clock.Elapsed.TotalSeconds, info, sequence.Smoothing, sequence.Cuts, partial);
    }

    /// <summary>True for a method on luma alone (<see cref="ILumaMethod"/>) over 8-bit video of even size into a 4:2:0 codec.</summary>
    private static bool OnLumaAlone(IImageOperation operation, VideoInfo info, VideoOptions options) =>
        operation is MethodOperation { Method: ILumaMethod { ActsOnLumaOnly: true } } && !info.HighBitDepth
        && info.Width % 2 == 0 && info.Height % 2 == 0 && options.Codec is VideoCodec.H264 or VideoCodec.H265;

    /// <summary>
    /// Runs the method on the frame's Y plane in place. Video Y is limited range (16–235; ffmpeg converts full-range
    /// sources to it): it is stretched to full range for the method, as the Y of a BGR frame would be, and back.
    /// <paramref name="fullRange"/> and <paramref name="mapped"/> are scratch planes reused frame after frame.
    /// </summary>
    private static void MapLuma(TemporalSmoothing sequence, Mat frame, int height, Mat fullRange, Mat mapped, double? time)
    {
        using var y = frame.RowRange(0, height);
        y.ConvertTo(fullRange, MatType.CV_8U, 255.0 / 219, -16 * 255.0 / 219);
        sequence.Next(fullRange, mapped, time);
        mapped.ConvertTo(y, MatType.CV_8U, 219.0 / 255, 16);
    }

    /// <summary>The decoder's input options: seek before the input (fast and exact in ffmpeg ≥ 2.1), then the duration.</summary>
    private static IEnumerable<string> Window(VideoOptions options)
    {
        if (options.Start > 0) { yield return "-ss"; yield return Seconds(options.Start); }
        if (options.Duration > 0) { yield return "-t"; yield return Seconds(options.Duration); }
    }

    /// <summary>True when the output gets the source's audio (or, in Matroska, subtitles) besides the video.</summary>
    private static bool HasOtherStreams(string target, VideoInfo info) =>
        info.HasAudio || (Path.GetExtension(target).Equals(".mkv", StringComparison.OrdinalIgnoreCase) && info.HasSubtitles);

    /// <summary>Seconds of video in a partial output of <paramref name="frames"/> frames: up to where the next frame would start.</summary>
    private static double PartialSeconds(long frames, VideoInfo info, FrameTimes? times)
    {
        if (times?.TimeOf(0) is not double first || times.TimeOf(frames - 1) is not double last) return frames / info.FrameRate;
        return (times.TimeOf(frames) ?? last + 1 / info.FrameRate) - first;
    }

    /// <summary>
    /// Cuts a partial output's audio and subtitles to its video: they were copied from the whole source (the encoder
    /// reads them as it goes, and no more frames came), so a player would run on past the last frame.
    /// </summary>
    private static void CutOtherStreams(string temporary, string output, double seconds)
    {
        var cut = temporary + ".cut" + Path.GetExtension(output);
        TempFiles.Register(cut);
        try
        {
            Ffmpeg.Run("ffmpeg", ["-v", "error", "-nostdin", "-y", "-i", temporary, "-map", "0", "-c", "copy", "-t", Seconds(seconds), cut], output);
            File.Move(cut, temporary, overwrite: true);
        }
        finally { TempFiles.Delete(cut); }
    }

    /// <summary>
    /// Maps input 0's video and adds the source again, same window, as input 1 for its audio (and, into Matroska,
    /// subtitle) streams, copied untouched.
    /// </summary>
    private static List<string> Streams(string input, string target, VideoInfo info, VideoOptions options)
    {
        // Only when it has any: ffmpeg reads a second input through to its end, which cost 6 ms of CPU per 1080p frame
        // (a fifth of the encoder's) for nothing.
        bool matroska = Path.GetExtension(target).Equals(".mkv", StringComparison.OrdinalIgnoreCase);
        bool others = HasOtherStreams(target, info);
        var arguments = others ? [.. Window(options), "-i", input, "-map", "0:v:0", "-map", "1:a?", "-c:a", "copy"] : new List<string> { "-map", "0:v:0" };
        if (others && matroska) arguments.AddRange(["-map", "1:s?", "-c:s", "copy"]);
        return arguments;
    }

    private static List<string> EncoderArguments(IEnumerable<string> streams, string target, int width, int height, string format, VideoInfo info, VideoOptions options)
    {
        bool deep = format == "bgr48le";
        List<string> arguments =
        [
            "-y", "-f", "rawvideo", "-pix_fmt", format, "-s", $"{width}x{height}",
            "-framerate", info.FrameRate.ToString("R", CultureInfo.InvariantCulture), "-i", "-", .. streams,
        ];
        string crf = options.Crf.ToString(CultureInfo.InvariantCulture);
        arguments.AddRange(options.Codec switch
        {
            VideoCodec.H264 => ["-c:v", "libx264", "-preset", options.EncoderPreset, "-crf", crf, "-pix_fmt", deep ? "yuv420p10le" : "yuv420p"],
            VideoCodec.H265 => ["-c:v", "libx265", "-preset", options.EncoderPreset, "-crf", crf, "-pix_fmt", deep ? "yuv420p10le" : "yuv420p", "-x265-params", "log-level=error"],
            VideoCodec.Ffv1 => ["-c:v", "ffv1", "-level", "3", "-pix_fmt", deep ? "gbrp16le" : "bgr0"],
            _ => ["-c:v", "png", "-pix_fmt", deep ? "rgb48be" : "rgb24"],
        });
        // 4:2:0 needs even sizes: pad one black row/column rather than crop one away. The pixel aspect is the
        // input's (an upscale scales both sides alike), so anamorphic video stays anamorphic.
        bool odd = width % 2 == 1 || height % 2 == 1;
        var filters = odd && options.Codec is VideoCodec.H264 or VideoCodec.H265 ? "pad=ceil(iw/2)*2:ceil(ih/2)*2," : "";
        arguments.AddRange(["-vf", $"{filters}setsar={info.PixelAspect.Width}/{info.PixelAspect.Height}"]);
        arguments.AddRange(["-v", "error", target]);
        return arguments;
    }

    private static unsafe void Write(Stream stream, Mat frame, string output)
    {
        var bytes = new ReadOnlySpan<byte>((void*)frame.Data, checked((int)(frame.Total() * frame.ElemSize())));
        try { stream.Write(bytes); }
        catch (IOException e) { throw new LumosException($"{output}: the encoder stopped ({e.Message})", e); }
    }

    private static string Seconds(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
