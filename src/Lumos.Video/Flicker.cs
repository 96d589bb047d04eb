using OpenCvSharp;

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
        using var decoder = new FrameReader(video, "gray", size: new Size(width, height));
        using var frame = new Mat(height, width, MatType.CV_8UC1);
        double? previous = null, total = 0;
        long changes = 0;
        while (decoder.Read(frame))
        {
            double mean = Cv2.Mean(frame).Val0;
            if (previous is double p) { total += Math.Abs(mean - p); changes++; }
            previous = mean;
        }
        decoder.Finish();
        return changes == 0 ? 0 : total.Value / changes;
    }
}
