using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Methods;

/// <summary>
/// A method whose output hangs on whole-frame statistics it hands out (<see cref="IFrameStatistics"/>): on one image
/// it keeps its own, so <see cref="Enhance"/> is <see cref="Apply"/> with the statistics passed straight through.
/// </summary>
public abstract class FrameStatisticsMethod : IEnhancementMethod, IFrameStatistics
{
    /// <inheritdoc />
    public Mat Enhance(Mat bgr) => Apply(bgr, statistics => statistics);

    /// <inheritdoc />
    public abstract Mat Apply(Mat bgr, Func<double[], double[]> statistics);
}
