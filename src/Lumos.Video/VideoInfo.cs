using System.Globalization;
using System.Text.Json;
using Lumos.Imaging;

namespace Lumos.Video;

/// <summary>What a video file holds, as <c>ffprobe</c> reads it.</summary>
/// <param name="Width">Frame width as displayed (after the rotation ffmpeg applies on decoding).</param>
/// <param name="Height">Frame height as displayed.</param>
/// <param name="FrameRate">Frames per second: the average rate, or for variable frame rate the stream's base rate
/// (ffprobe's r_frame_rate), at which the measures read it (see <paramref name="VariableFrameRate"/>).</param>
/// <param name="Frames">Frame count when the container states it, else an estimate from duration × average rate.</param>
/// <param name="Duration">Duration in seconds (0 when unknown).</param>
/// <param name="HighBitDepth">True for more than 8 bits per sample (10-bit video and friends): frames are read as 16-bit.</param>
/// <param name="HasAudio">An audio stream is present (copied untouched).</param>
/// <param name="HasSubtitles">A subtitle stream is present (copied untouched where the output container takes it).</param>
/// <param name="VariableFrameRate">The average rate differs from the base rate: frames come at varying intervals (phones,
/// screen recordings). <see cref="VideoJob"/> keeps every frame at its source time (see <see cref="FrameTimes"/>); the
/// flicker and warping-error measures read such a stream at constant <paramref name="FrameRate"/> (repeating or dropping
/// a frame where the interval was longer or shorter), so a video and its processed copy give the same frames.</param>
/// <param name="PixelAspect">Sample (pixel) aspect ratio as width:height of one pixel, e.g. (1, 1) square or (64, 45) PAL 16:9 anamorphic; as displayed, i.e. inverted for a 90° rotation.</param>
public sealed record VideoInfo(int Width, int Height, double FrameRate, long Frames, double Duration, bool HighBitDepth, bool HasAudio, bool HasSubtitles,
    (int Width, int Height) PixelAspect, bool VariableFrameRate = false)
{
    /// <summary>Largest frame Lumos accepts, in pixels (a 16K frame), so a lying header cannot ask for gigabytes per frame.</summary>
    public const long MaxFramePixels = 15360L * 8640;

    /// <summary>File extensions taken for videos (by <c>lumos measure</c> and folder batches of <c>lumos video</c>).</summary>
    public static IReadOnlySet<string> Extensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { ".mp4", ".m4v", ".mkv", ".mov", ".avi", ".webm", ".mpg", ".mpeg", ".ts", ".mts", ".wmv", ".flv", ".y4m" };

    /// <summary>True when <paramref name="path"/>'s extension is a video container's.</summary>
    public static bool IsVideoFile(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>Videos, for folder and glob batches.</summary>
    public static FileKind Files { get; } = new("video", IsVideoFile);

    /// <summary>Reads <paramref name="path"/>'s streams with ffprobe.</summary>
    /// <exception cref="LumosException">Missing, unreadable, no video stream, or an absurd frame size.</exception>
    public static VideoInfo Probe(string path)
    {
        if (Directory.Exists(path)) throw new LumosException($"{path}: is a folder, expected a video file");
        if (!File.Exists(path)) throw new LumosException($"{path}: no such file");
        string json;
        try { json = Ffmpeg.Probe(["-v", "error", "-print_format", "json", "-show_streams", "-show_format", "--", path]); }
        catch (LumosException e) { throw new LumosException($"{path}: not a readable video ({e.Message})", e); }
        using var document = JsonDocument.Parse(json);
        var streams = document.RootElement.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToArray() : [];
        var video = streams.FirstOrDefault(v => Text(v, "codec_type") == "video" && !IsCoverArt(v));
        if (video.ValueKind == JsonValueKind.Undefined) throw new LumosException($"{path}: no video stream");
        int width = Int(video, "width"), height = Int(video, "height");
        if (width <= 0 || height <= 0) throw new LumosException($"{path}: the video stream has no frame size");
        if ((long)width * height > MaxFramePixels) throw new LumosException($"{path}: frames of {width}×{height} are larger than Lumos accepts (16K)");
        var aspect = Aspect(Text(video, "sample_aspect_ratio"));
        if (Rotation(video) % 180 != 0) (width, height, aspect) = (height, width, (aspect.Height, aspect.Width));
        double average = Rate(Text(video, "avg_frame_rate")), baseRate = Rate(Text(video, "r_frame_rate"));
        // Variable when the two disagree by more than 0.5% and the base rate is a real one (some streams state 90000).
        bool variable = average > 0 && baseRate is > 0 and <= 240 && Math.Abs(baseRate / average - 1) > 0.005;
        double rate = variable ? baseRate : average > 0 ? average : baseRate;
        if (rate <= 0) throw new LumosException($"{path}: the video stream has no frame rate");
        double duration = Double(video, "duration") is > 0 and var d ? d
            : document.RootElement.TryGetProperty("format", out var format) ? Double(format, "duration") : 0;
        long frames = long.TryParse(Text(video, "nb_frames"), out var n) && n > 0 ? n : (long)Math.Round(duration * (average > 0 ? average : rate));
        var pixelFormat = Text(video, "pix_fmt") ?? "";
        bool high = Int(video, "bits_per_raw_sample") > 8 || pixelFormat.Contains("10") || pixelFormat.Contains("12") || pixelFormat.Contains("16");
        return new VideoInfo(width, height, rate, frames, duration, high,
            streams.Any(v => Text(v, "codec_type") == "audio"), streams.Any(v => Text(v, "codec_type") == "subtitle"), aspect, variable);
    }

    /// <summary>ffprobe's "N:D" sample aspect ratio; unknown ("0:1", absent) means square pixels.</summary>
    private static (int Width, int Height) Aspect(string? ratio)
    {
        var parts = (ratio ?? "").Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], out var n) && int.TryParse(parts[1], out var d) && n > 0 && d > 0 ? (n, d) : (1, 1);
    }

    private static bool IsCoverArt(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var disposition) && disposition.TryGetProperty("attached_pic", out var pic) && pic.GetInt32() == 1;

    private static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var list))
            foreach (var item in list.EnumerateArray())
                if (item.TryGetProperty("rotation", out var r) && r.TryGetDouble(out var degrees)) return (int)Math.Abs(degrees);
        return stream.TryGetProperty("tags", out var tags) && int.TryParse(Text(tags, "rotate"), out var rotate) ? Math.Abs(rotate) : 0;
    }

    private static double Rate(string? fraction)
    {
        var parts = (fraction ?? "").Split('/');
        return parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var a) && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var b) && b > 0 ? a / b : 0;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    private static int Int(JsonElement element, string name) => int.TryParse(Text(element, name), out var value) ? value : 0;

    private static double Double(JsonElement element, string name) =>
        double.TryParse(Text(element, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
