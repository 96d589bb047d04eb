using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Video;

/// <summary>
/// Processes a video's frames in order so that a steady scene does not flicker. For a method with per-frame
/// statistics (<see cref="IFrameStatistics"/>) the statistics are an exponential moving average with time constant
/// τ seconds, s ← s + (1 − e^(−Δt/τ))·(m − s), with Δt the time between the frames (a variable-frame-rate video's own),
/// restarted at each scene cut; a method that can resume its slow part
/// (<see cref="IFrameCarry"/>) gets what the previous frame left, dropped at each scene cut; any other operation runs
/// frame by frame (so does every one with τ = 0). Scene cuts: the mean absolute difference of 32×18 grey thumbnails of consecutive frames above
/// <see cref="CutThreshold"/> of full scale (a hard cut changes most pixels a lot; motion and noise move the mean
/// only a little).
/// </summary>
public sealed class TemporalSmoothing
{
    /// <summary>Thumbnail difference, as a fraction of full scale, that counts as a scene cut.</summary>
    public const double CutThreshold = 0.12;

    private readonly IImageOperation operation;
    private readonly IFrameStatistics? statistics;
    private readonly IFrameCarry? carrier;
    private object? carry;
    private readonly double timeConstant, frameRate;
    private double? previousTime;
    private readonly List<double[]> smoothed = [];
    private Mat? previousThumbnail;

    /// <summary>Prepares to process frames of a video.</summary>
    /// <param name="operation">What every frame goes through.</param>
    /// <param name="frameRate">Frames per second: Δt for frames given no time.</param>
    /// <param name="timeConstant">τ in seconds; 0 turns smoothing off (each frame its own statistics).</param>
    public TemporalSmoothing(IImageOperation operation, double frameRate, double timeConstant)
    {
        this.operation = operation;
        statistics = timeConstant > 0 && operation is MethodOperation { Method: IFrameStatistics s } ? s : null;
        carrier = timeConstant > 0 && operation is MethodOperation { Method: IFrameCarry c } ? c : null;
        (this.timeConstant, this.frameRate) = (timeConstant, frameRate);
    }

    /// <summary>True when the operation's statistics are being smoothed or its slow part carried from frame to frame (video mode).</summary>
    public bool Smoothing => statistics is not null || carrier is not null;

    /// <summary>Scene cuts found so far.</summary>
    public int Cuts { get; private set; }

    /// <summary>Processes the next frame into a new image (see <see cref="Next(Mat, Mat, double?)"/>).</summary>
    public Mat Next(Mat frame, double? time = null)
    {
        var destination = new Mat();
        Next(frame, destination, time);
        return destination;
    }

    /// <summary>Processes the next frame (8/16-bit BGR, or the luma plane of one for a method on luma alone).</summary>
    /// <param name="frame">The frame; never modified.</param>
    /// <param name="destination">Receives the output, reallocated only when its size or type differ: pass the same Mat
    /// for every frame.</param>
    /// <param name="time">The frame's presentation time in seconds, or null for one frame period after the previous.</param>
    public void Next(Mat frame, Mat destination, double? time = null)
    {
        if (!Smoothing)
        {
            Processor.Apply(operation, frame, destination);
            return;
        }
        double weight = Weight(time);
        bool cut = IsCut(frame);
        if (cut) carry = null;
        int call = 0; // a method may hand out several vectors per frame (one per plane): each is smoothed on its own
        Func<double[], double[]> smooth = statistics is null ? measured => measured : measured =>
        {
            int index = call++;
            if (index == smoothed.Count) smoothed.Add(measured);
            else if (cut || smoothed[index].Length != measured.Length) smoothed[index] = measured;
            else for (int i = 0; i < measured.Length; i++) smoothed[index][i] += weight * (measured[i] - smoothed[index][i]);
            return [.. smoothed[index]];
        };
        if (carrier is not null) carrier.Apply(frame, destination, smooth, ref carry);
        else statistics!.Apply(frame, destination, smooth);
    }

    /// <summary>1 − e^(−Δt/τ) for a frame at <paramref name="time"/>: Δt from the previous frame's time, one frame period
    /// when either is unknown or the times do not increase.</summary>
    private double Weight(double? time)
    {
        double interval = time - previousTime is double elapsed && elapsed > 0 ? elapsed : 1 / frameRate;
        previousTime = time ?? previousTime + 1 / frameRate;
        return 1 - Math.Exp(-interval / timeConstant);
    }

    private bool IsCut(Mat frame)
    {
        using var grey = new Mat();
        if (frame.Channels() == 1) frame.CopyTo(grey); // a luma plane (ILumaMethod in a video)
        else Cv2.CvtColor(frame, grey, ColorConversionCodes.BGR2GRAY);
        var thumbnail = new Mat();
        using (var small = new Mat())
        {
            Cv2.Resize(grey, small, new Size(32, 18), interpolation: InterpolationFlags.Area);
            small.ConvertTo(thumbnail, MatType.CV_32F, 1.0 / (frame.Depth() == MatType.CV_16U ? 65535 : 255));
        }
        bool cut = false;
        if (previousThumbnail is not null)
        {
            using var difference = new Mat();
            Cv2.Absdiff(thumbnail, previousThumbnail, difference);
            cut = Cv2.Mean(difference).Val0 > CutThreshold;
            previousThumbnail.Dispose();
        }
        previousThumbnail = thumbnail;
        if (cut) Cuts++;
        return cut;
    }
}
