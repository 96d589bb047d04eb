using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>
/// A method whose output hangs on a few statistics of the whole frame (Dong's atmospheric light, a histogram
/// mapping, an exposure scale). Each video frame measuring its own makes a steady scene flicker; a video smooths
/// them over time instead (<c>Lumos.Video.TemporalSmoothing</c>) and applies the smoothed ones. For one image,
/// <c>Apply(bgr, Measure(bgr))</c> is the method itself.
/// </summary>
public interface IFrameStatistics
{
    /// <summary>The frame's statistics, a fixed-length vector that may be averaged with other frames'.</summary>
    /// <param name="bgr">8/16-bit BGR frame; never modified.</param>
    double[] Measure(Mat bgr);

    /// <summary>Processes the frame with the given statistics.</summary>
    /// <param name="bgr">8/16-bit BGR frame; never modified.</param>
    /// <param name="statistics">What <see cref="Measure"/> returns, possibly smoothed over frames.</param>
    Mat Apply(Mat bgr, double[] statistics);
}
