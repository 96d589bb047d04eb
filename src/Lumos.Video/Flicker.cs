using System.Globalization;

namespace Lumos.Video;

/// <summary>
/// Brightness flicker of a video: the mean absolute change of mean luma between consecutive frames, in levels of
/// 255. A steady scene scores near 0; comparing a processed video's score with its input's shows how much flicker
/// the processing added.
/// </summary>
public static class Flicker
{
    /// <summary>The brightness flicker of <paramref name="video"/> (frames read as 160-pixel-wide grey thumbnails).</summary>
    /// <exception cref="LumosException">The file is not a readable video.</exception>
    public static double Brightness(string video)
    {
        var info = VideoInfo.Probe(video);
        int width = 160, height = Math.Max(2, (int)Math.Round(160.0 * info.Height / info.Width / 2) * 2);
        using var decoder = Ffmpeg.Start(["-v", "error", "-nostdin", "-i", video, "-map", "0:v:0", "-vf",
            string.Create(CultureInfo.InvariantCulture, $"scale={width}:{height}"), "-f", "rawvideo", "-pix_fmt", "gray", "-"], input: false);
        var frame = new byte[width * height];
        double? previous = null, total = 0;
        long changes = 0;
        while (decoder.Output.ReadAtLeast(frame, frame.Length, throwOnEndOfStream: false) == frame.Length)
        {
            double mean = frame.Average(b => (double)b);
            if (previous is double p) { total += Math.Abs(mean - p); changes++; }
            previous = mean;
        }
        decoder.Finish(video);
        return changes == 0 ? 0 : total.Value / changes;
    }
}
