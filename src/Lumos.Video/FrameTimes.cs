using System.Globalization;
using System.Text;
using Lumos.Imaging;

namespace Lumos.Video;

/// <summary>
/// Keeps a variable-frame-rate video's exact frame times, which raw pipes cannot carry: the decoder lists them
/// (<see cref="FrameReader"/>), the encoder writes the processed frames at a constant rate into a Matroska file (ffmpeg
/// 5.1's Matroska refuses raw RGB, so the encoded frames), mkvmerge gives them back their times, and ffmpeg copies the
/// result with the source's other streams into the output. mkvmerge takes the times in presentation order and
/// reorders them itself for B-frames.
/// </summary>
internal sealed class FrameTimes : IDisposable
{
    private readonly string output, timestamps, retimed;

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
        var (timeBase, ticks) = Read(Listing);
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

    /// <summary>framecrc's listing: "#tb 0: N/D", then one "stream, dts, pts, duration, size, crc" line a frame.</summary>
    private static ((long Numerator, long Denominator) TimeBase, List<long> Ticks) Read(string listing)
    {
        (long, long) timeBase = (1, 1000);
        var ticks = new List<long>();
        foreach (var line in File.ReadLines(listing))
        {
            if (line.StartsWith("#tb 0:", StringComparison.Ordinal) && line[6..].Trim().Split('/') is [var n, var d])
                timeBase = (long.Parse(n, CultureInfo.InvariantCulture), long.Parse(d, CultureInfo.InvariantCulture));
            else if (!line.StartsWith('#') && line.Split(',') is [_, _, var pts, ..] && long.TryParse(pts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var tick))
                ticks.Add(tick);
        }
        return (timeBase, ticks);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in Files) TempFiles.Delete(file);
    }
}
