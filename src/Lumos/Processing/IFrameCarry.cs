using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>
/// A method whose slow part can resume from what the previous frame of a video left (LIME's illumination solve starts
/// from the previous frame's solution instead of from scratch). A video (<c>Lumos.Video.TemporalSmoothing</c>)
/// keeps the carry between frames and drops it at a scene cut; the method may also hand out whole-frame statistics as an
/// <see cref="IFrameStatistics"/> does. With nothing carried the result is the method's own on one image:
/// <c>Apply(bgr, destination, s =&gt; s, ref empty)</c> equals <c>Enhance(bgr, destination)</c> when <c>empty</c> is null.
/// </summary>
public interface IFrameCarry
{
    /// <summary>Processes a frame, resuming from <paramref name="carry"/> and leaving in it what the next frame needs.</summary>
    /// <param name="bgr">8/16-bit BGR frame; never modified.</param>
    /// <param name="destination">Receives the output (see <see cref="IFrameStatistics.Apply"/>).</param>
    /// <param name="statistics">Gets the frame's statistics and returns the ones to use (see <see cref="IFrameStatistics"/>).</param>
    /// <param name="carry">What the previous frame left: null on the first frame and after a scene cut. Opaque to the caller.</param>
    void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics, ref object? carry);
}
