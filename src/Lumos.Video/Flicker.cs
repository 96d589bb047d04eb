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
    public static double Brightness(string video) => Trace(video).Flicker;

    /// <summary>Mean luma over all frames (0–1) and the brightness flicker (levels of 255), in one pass.</summary>
    /// <exception cref="LumosException">The file is not a readable video.</exception>
    public static (double Mean, double Flicker) Trace(string video)
    {
        var info = VideoInfo.Probe(video);
        int width = 160, height = Math.Max(2, (int)Math.Round(160.0 * info.Height / info.Width / 2) * 2);
        using var decoder = new FrameReader(video, info, "gray", size: new Size(width, height));
        using var frame = new Mat(height, width, MatType.CV_8UC1);
        double previous = 0, change = 0, sum = 0;
        long frames = 0;
        while (decoder.Read(frame))
        {
            double mean = Cv2.Mean(frame).Val0;
            if (frames++ > 0) change += Math.Abs(mean - previous);
            previous = mean;
            sum += mean;
        }
        decoder.Finish();
        return (frames == 0 ? 0 : sum / frames / 255, frames < 2 ? 0 : change / (frames - 1));
    }
}
