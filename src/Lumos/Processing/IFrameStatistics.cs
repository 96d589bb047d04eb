using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>
/// A method whose output hangs on a few statistics of the whole frame (Dong's atmospheric light, Retinex's stretch
/// limits, a histogram mapping). Each video frame measuring its own makes a steady scene flicker; a video smooths
/// them over time instead (<c>Lumos.Video.TemporalSmoothing</c>). The method measures, hands its statistics to the
/// caller and goes on with the ones it gets back, so nothing is computed twice; for one image that is the method
/// itself: <c>Apply(bgr, destination, s =&gt; s)</c> equals <c>Enhance(bgr, destination)</c>.
/// </summary>
public interface IFrameStatistics
{
    /// <summary>Processes a frame, passing its statistics through <paramref name="statistics"/>.</summary>
    /// <param name="bgr">8/16-bit BGR frame; never modified.</param>
    /// <param name="destination">Receives the output (reallocated only when its size or type differ; see
    /// <see cref="Methods.IEnhancementMethod.Enhance(Mat, Mat)"/>).</param>
    /// <param name="statistics">Gets the frame's statistics (a vector of fixed length per method and image layout) and returns the ones to use.</param>
    void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics);
}
