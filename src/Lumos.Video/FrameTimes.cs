using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lumos.Imaging;

namespace Lumos.Video;

/// <summary>
/// Keeps a variable-frame-rate video's exact frame times, which raw pipes cannot carry: the decoder lists them
/// (<see cref="FrameReader"/>), the encoder writes the processed frames at a constant rate into a Matroska file (ffmpeg
/// 5.1's Matroska refuses raw RGB, so the encoded frames), mkvmerge gives them back their times, and ffmpeg copies the
/// result with the source's other streams into the output. mkvmerge takes the times in presentation order and
/// reorders them itself for B-frames. While frames are processed, the listing is read as it grows, so temporal
/// smoothing sees each frame's own time (<see cref="TimeOf"/>).
/// </summary>
internal sealed class FrameTimes : IDisposable
{
    private readonly string output, timestamps, retimed;
    private (long Numerator, long Denominator) timeBase = (1, 1000);
    private readonly List<long> ticks = [];
    private long listedBytes;
    private string partialLine = "";
    private bool stalled;

    /// <summary>Names the working files beside <paramref name="temporary"/>, registered so an interrupted process deletes them.</summary>
    /// <param name="temporary">The output's temporary file.</param>
    /// <param name="output">The output, named in errors.</param>
    /// <exception cref="LumosException">mkvmerge is not installed.</exception>
    public FrameTimes(string temporary, string output)
    {
        Ffmpeg.Require("mkvmerge", "variable-frame-rate video needs it to keep its frame times");
        this.output = output;
        (Listing, Frames, timestamps, retimed) = (temporary + ".times", temporary + ".frames.mkv", temporary + ".times.txt", temporary + ".retimed.mkv");
        foreach (var file in Files) TempFiles.Register(file);
    }

    private string[] Files => [Listing, Frames, timestamps, retimed];

    /// <summary>Where the decoder lists the frames' times (ffmpeg's framecrc).</summary>
    public string Listing { get; }

    /// <summary>Where the encoder writes the processed frames at a constant rate (Matroska, video only).</summary>
    public string Frames { get; }

    /// <summary>Gives the first <paramref name="count"/> encoded frames their source times and copies them with the other
    /// streams into <paramref name="target"/>.</summary>
    /// <param name="count">Frames encoded (fewer than listed after a cancellation with --keep-partial).</param>
    /// <param name="target">The output's temporary file.</param>
    /// <param name="others">ffmpeg's arguments that add the source's other streams as input 1 and map them.</param>
    /// <exception cref="LumosException">Fewer times than frames, or mkvmerge or ffmpeg failed.</exception>
    public void Apply(long count, string target, IEnumerable<string> others)
    {
        ReadListing();
        if (ticks.Count < count) throw new LumosException($"{output}: the decoder listed {ticks.Count} frame times for {count} frames");
        var text = new StringBuilder("# timestamp format v2\n");
        foreach (var tick in ticks.Take((int)count))
            text.Append((tick * 1000.0 * timeBase.Numerator / timeBase.Denominator).ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
        File.WriteAllText(timestamps, text.ToString());
        // Microsecond timestamps (Matroska's default is the millisecond), so an MP4's finer ticks come back exactly.
        Ffmpeg.Run("mkvmerge", ["-q", "-o", retimed, "--timestamp-scale", "1000", "--timestamps", $"0:{timestamps}", Frames], output, success: 1);
        // MP4 and MOV count time in the source's ticks again (ffmpeg would take the microsecond); other muxers fix their own.
        string[] scale = Path.GetExtension(target) is ".mp4" or ".m4v" or ".mov" && timeBase.Numerator == 1
            ? ["-video_track_timescale", timeBase.Denominator.ToString(CultureInfo.InvariantCulture)] : [];
        Ffmpeg.Run("ffmpeg", ["-v", "error", "-nostdin", "-y", "-i", retimed, .. others, "-c", "copy", .. scale, target], output);
    }

    /// <summary>
    /// The presentation time in seconds of piped frame <paramref name="frame"/> (0-based). The decoder lists each frame as
    /// it pipes it, so this waits a moment at most; null if the time has not come within two seconds, after which it
    /// stops waiting (the caller then assumes one frame period).
    /// </summary>
    public double? TimeOf(long frame)
    {
        var clock = Stopwatch.StartNew();
        while (ticks.Count <= frame && !stalled)
        {
            ReadListing();
            if (ticks.Count > frame) break;
            if (clock.Elapsed > TimeSpan.FromSeconds(2)) stalled = true;
            else Thread.Sleep(1);
        }
        return frame < ticks.Count ? ticks[(int)frame] * (double)timeBase.Numerator / timeBase.Denominator : null;
    }

    /// <summary>
    /// Reads what the decoder added to framecrc's listing since the last call: "#tb 0: N/D", then one "stream, dts, pts,
    /// duration, size, crc" line a frame. A line still being written waits for the next call.
    /// </summary>
    private void ReadListing()
    {
        if (!File.Exists(Listing)) return;
        using var stream = new FileStream(Listing, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(listedBytes, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        string text = partialLine + reader.ReadToEnd();
        listedBytes = stream.Position;
        int complete = text.LastIndexOf('\n') + 1;
        partialLine = text[complete..];
        foreach (var line in text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("#tb 0:", StringComparison.Ordinal) && line[6..].Trim().Split('/') is [var n, var d])
                timeBase = (long.Parse(n, CultureInfo.InvariantCulture), long.Parse(d, CultureInfo.InvariantCulture));
            else if (!line.StartsWith('#') && line.Split(',') is [_, _, var pts, ..] && long.TryParse(pts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var tick))
                ticks.Add(tick);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in Files) TempFiles.Delete(file);
    }
}
