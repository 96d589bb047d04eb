using OpenCvSharp;

namespace Lumos.Video;

/// <summary>What <see cref="WarpingError.Measure"/> found.</summary>
/// <param name="Error">Mean warping error of the processed video (squared RGB difference in [0, 1] units summed over
/// channels, per visible pixel, averaged over consecutive frame pairs); lower is steadier.</param>
/// <param name="Pairs">Frame pairs measured.</param>
/// <param name="Visible">Fraction of pixels counted (neither occluded nor on a motion boundary), averaged over pairs.</param>
public sealed record WarpingResult(double Error, int Pairs, double Visible);

/// <summary>
/// Temporal warping error of Lai et al., "Learning Blind Video Temporal Consistency" (ECCV 2018), eq. 8:
/// E = 1/(T−1) Σₜ 1/Σᵢ Mₜ(i) · Σᵢ Mₜ(i) ‖Oₜ(i) − Ô₊₁(i)‖², where Ô₊₁ is the next processed frame warped back along
/// the optical flow of the ORIGINAL frames (so the measure asks whether the processing moved with the scene) and M
/// masks out occlusions and motion boundaries as Ruder et al. (GCPR 2016) do: forward–backward inconsistency
/// |w + ŵ|² &gt; 0.01(|w|² + |ŵ|²) + 0.5, and |∇u|² + |∇v|² &gt; 0.01|w|² + 0.002. Lai et al. use FlowNet2; Lumos uses
/// OpenCV's Farnebäck flow (no learned weights to ship), which makes absolute values comparable between runs of
/// Lumos, not with the paper's tables. The original's own error (<c>Measure(original, original)</c>) is the floor
/// that noise and flow errors set.
/// </summary>
public static class WarpingError
{
    /// <summary>Measures <paramref name="processed"/> against the motion of <paramref name="original"/>.</summary>
    /// <param name="original">The unprocessed video whose frames give the flow.</param>
    /// <param name="processed">The processed video (any size: the original is scaled to it for the flow).</param>
    /// <param name="maxPairs">Measure at most this many consecutive pairs from the start (0 = all).</param>
    /// <param name="cancellation">Stops between frames.</param>
    /// <exception cref="LumosException">Unreadable videos, or frame counts that differ.</exception>
    public static WarpingResult Measure(string original, string processed, int maxPairs = 0, CancellationToken cancellation = default)
    {
        var (source, result) = (VideoInfo.Probe(original), VideoInfo.Probe(processed));
        var size = new Size(result.Width, result.Height);
        using var flowReader = new FrameReader(original, source, "gray", size: size);
        using var outputReader = new FrameReader(processed, result, "bgr24");
        using var grey = new Mat(size, MatType.CV_8UC1);
        using var frame = new Mat(size, MatType.CV_8UC3);
        Mat? previousGrey = null, previousFrame = null;
        double total = 0, visible = 0;
        int pairs = 0;
        try
        {
            while (maxPairs <= 0 || pairs < maxPairs)
            {
                bool a = flowReader.Read(grey), b = outputReader.Read(frame);
                if (a != b) throw new LumosException($"{processed}: frame count differs from {original}'s");
                if (!a) break;
                cancellation.ThrowIfCancellationRequested();
                if (previousGrey is not null && previousFrame is not null)
                {
                    var (error, fraction) = Pair(previousGrey, grey, previousFrame, frame);
                    total += error;
                    visible += fraction;
                    pairs++;
                }
                previousGrey?.Dispose();
                previousGrey = grey.Clone();
                previousFrame?.Dispose();
                previousFrame = frame.Clone();
            }
        }
        finally
        {
            previousGrey?.Dispose();
            previousFrame?.Dispose();
        }
        return new WarpingResult(pairs == 0 ? 0 : total / pairs, pairs, pairs == 0 ? 0 : visible / pairs);
    }

    /// <summary>The error of one pair: frame t against frame t+1 warped back along the flow t → t+1.</summary>
    private static unsafe (double Error, double Visible) Pair(Mat greyNow, Mat greyNext, Mat now, Mat next)
    {
        using var forward = Flow(greyNow, greyNext);
        using var backward = Flow(greyNext, greyNow);
        using var mapX = new Mat(now.Size(), MatType.CV_32FC1);
        using var mapY = new Mat(now.Size(), MatType.CV_32FC1);
        int width = now.Cols, height = now.Rows;
        for (int y = 0; y < height; y++)
        {
            var f = Row<float>(forward, y, 2 * width);
            var mx = Row<float>(mapX, y, width);
            var my = Row<float>(mapY, y, width);
            for (int x = 0; x < width; x++)
            {
                mx[x] = x + f[2 * x];
                my[x] = y + f[2 * x + 1];
            }
        }
        using var nextWarped = new Mat();
        using var backwardWarped = new Mat();
        Cv2.Remap(next, nextWarped, mapX, mapY, InterpolationFlags.Linear, BorderTypes.Constant);
        Cv2.Remap(backward, backwardWarped, mapX, mapY, InterpolationFlags.Linear, BorderTypes.Constant);
        var mask = VisibleMask(forward, backwardWarped, mapX, mapY);

        double sum = 0;
        long count = 0;
        for (int y = 0; y < height; y++)
        {
            var o = Row<byte>(now, y, 3 * width);
            var p = Row<byte>(nextWarped, y, 3 * width);
            for (int x = 0; x < width; x++)
            {
                if (!mask[y * width + x]) continue;
                for (int c = 3 * x; c < 3 * x + 3; c++)
                {
                    double d = (o[c] - p[c]) / 255.0;
                    sum += d * d;
                }
                count++;
            }
        }
        return (count == 0 ? 0 : sum / count, (double)count / (width * height));
    }

    /// <summary>Farnebäck flow with settings for video-sized motion (5 levels, 15-pixel windows, Gaussian weighting).</summary>
    private static Mat Flow(Mat from, Mat to)
    {
        var flow = new Mat();
        Cv2.CalcOpticalFlowFarneback(from, to, flow, 0.5, 5, 15, 3, 5, 1.2, OpticalFlowFlags.FarnebackGaussian);
        return flow;
    }

    /// <summary>Ruder et al.'s test: visible where the flow lands inside the frame, forward and backward flow cancel,
    /// and the flow is smooth (no motion boundary).</summary>
    private static bool[] VisibleMask(Mat forward, Mat backwardWarped, Mat mapX, Mat mapY)
    {
        int width = forward.Cols, height = forward.Rows;
        var mask = new bool[width * height];
        for (int y = 0; y < height; y++)
        {
            var f = Row<float>(forward, y, 2 * width);
            var b = Row<float>(backwardWarped, y, 2 * width);
            var up = Row<float>(forward, Math.Max(y - 1, 0), 2 * width);
            var down = Row<float>(forward, Math.Min(y + 1, height - 1), 2 * width);
            var mx = Row<float>(mapX, y, width);
            var my = Row<float>(mapY, y, width);
            for (int x = 0; x < width; x++)
            {
                if (mx[x] < 0 || my[x] < 0 || mx[x] > width - 1 || my[x] > height - 1) continue;
                float u = f[2 * x], v = f[2 * x + 1], ub = b[2 * x], vb = b[2 * x + 1];
                double lengths = u * u + v * v + ub * ub + vb * vb;
                if ((u + ub) * (u + ub) + (v + vb) * (v + vb) > 0.01 * lengths + 0.5) continue;
                // Motion boundary: central differences of the forward flow.
                int left = 2 * Math.Max(x - 1, 0), right = 2 * Math.Min(x + 1, width - 1);
                double ux = (f[right] - f[left]) / 2, vx = (f[right + 1] - f[left + 1]) / 2;
                double uy = (down[2 * x] - up[2 * x]) / 2, vy = (down[2 * x + 1] - up[2 * x + 1]) / 2;
                if (ux * ux + uy * uy + vx * vx + vy * vy > 0.01 * (u * u + v * v) + 0.002) continue;
                mask[y * width + x] = true;
            }
        }
        return mask;
    }

    private static unsafe Span<T> Row<T>(Mat image, int y, int length) where T : unmanaged => new((void*)image.Ptr(y), length);
}
