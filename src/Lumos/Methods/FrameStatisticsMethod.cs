using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Methods;

/// <summary>
/// A method whose output hangs on whole-frame statistics it hands out (<see cref="IFrameStatistics"/>): on one image
/// it keeps its own, so <see cref="Enhance"/> is <see cref="Apply"/> with the statistics passed straight through.
/// </summary>
public abstract class FrameStatisticsMethod : EnhancementMethod, IFrameStatistics
{
    /// <inheritdoc />
    public override void Enhance(Mat bgr, Mat destination) => Apply(bgr, destination, statistics => statistics);

    /// <inheritdoc />
    public abstract void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics);
}
