using Lumos.Imaging;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Inference;

/// <summary>
/// OpenCV images ↔ the tensors nets take: a BGR 8/16-bit <see cref="Mat"/> becomes a 1×3×H×W float32 RGB tensor
/// in [0, 1], and back (rounded and saturated to the depth of a template image). 8-bit round trips exactly.
/// </summary>
public static class TensorBridge
{
    /// <summary>Converts a CV_8UC3 or CV_16UC3 BGR image to a 1×3×H×W RGB tensor in [0, 1].</summary>
    /// <exception cref="ArgumentException">The image is not 3-channel 8- or 16-bit.</exception>
    public static Tensor ToTensor(Mat bgr)
    {
        if (bgr.Channels() != 3 || (bgr.Depth() != MatType.CV_8U && bgr.Depth() != MatType.CV_16U))
            throw new ArgumentException($"expected CV_8UC3 or CV_16UC3, got {bgr.Type()}", nameof(bgr));
        // Plane by plane: the only full-size float buffer is the result.
        int height = bgr.Rows, width = bgr.Cols, area = height * width;
        var planes = Cv2.Split(bgr);
        try
        {
            var rgb = empty(1, 3, height, width);
            using var accessor = rgb.data<float>();
            for (int c = 0; c < 3; c++)
            {
                using var unit = Pixels.ToUnitFloat(planes[2 - c]);
                unsafe { accessor.CopyFrom(new ReadOnlySpan<float>((void*)unit.Data, area), 0, (long)c * area); }
            }
            return rgb;
        }
        finally
        {
            foreach (var plane in planes) plane.Dispose();
        }
    }

    /// <summary>Converts a 1×3×H×W RGB tensor (clamped to [0, 1]) to a BGR image of <paramref name="like"/>'s depth.</summary>
    /// <exception cref="ArgumentException">The tensor is not 1×3×H×W.</exception>
    public static Mat ToMat(Tensor rgb, Mat like)
    {
        if (rgb.dim() != 4 || rgb.shape[0] != 1 || rgb.shape[1] != 3)
            throw new ArgumentException($"expected a 1×3×H×W tensor, got [{string.Join(", ", rgb.shape)}]", nameof(rgb));
        int height = (int)rgb.shape[2], width = (int)rgb.shape[3];
        int area = height * width;
        var planes = new Mat[3];
        try
        {
            using var scope = NewDisposeScope();
            var unitRange = rgb.detach().to(ScalarType.Float32).clamp(0, 1).contiguous();
            using var accessor = unitRange.data<float>();
            for (int c = 0; c < 3; c++)
            {
                using var unit = new Mat(height, width, MatType.CV_32FC1);
                unsafe { accessor.CopyTo(new Span<float>((void*)unit.Data, area), 0, (long)c * area); }
                planes[2 - c] = Pixels.FromUnitFloat(unit, like);
            }
            var bgr = new Mat();
            Cv2.Merge(planes, bgr);
            return bgr;
        }
        finally
        {
            foreach (var plane in planes) plane?.Dispose();
        }
    }

    /// <summary>Converts a single-channel CV_32FC1 plane to a 1×1×H×W tensor (values as they are).</summary>
    /// <exception cref="ArgumentException">The plane is not CV_32FC1.</exception>
    public static Tensor FromPlane(Mat plane)
    {
        if (plane.Type() != MatType.CV_32FC1) throw new ArgumentException($"expected CV_32FC1, got {plane.Type()}", nameof(plane));
        using var packed = plane.IsContinuous() ? null : plane.Clone();
        var source = packed ?? plane;
        var result = empty(1, 1, plane.Rows, plane.Cols);
        using var accessor = result.data<float>();
        unsafe { accessor.CopyFrom(new ReadOnlySpan<float>((void*)source.Data, plane.Rows * plane.Cols), 0, 0); }
        return result;
    }

    /// <summary>Converts a 1×1×H×W tensor to a CV_32FC1 plane (values as they are).</summary>
    /// <exception cref="ArgumentException">The tensor is not 1×1×H×W.</exception>
    public static Mat ToPlane(Tensor plane)
    {
        if (plane.dim() != 4 || plane.shape[0] != 1 || plane.shape[1] != 1)
            throw new ArgumentException($"expected a 1×1×H×W tensor, got [{string.Join(", ", plane.shape)}]", nameof(plane));
        int height = (int)plane.shape[2], width = (int)plane.shape[3];
        using var values = plane.detach().to(ScalarType.Float32).contiguous();
        using var accessor = values.data<float>();
        var result = new Mat(height, width, MatType.CV_32FC1);
        unsafe { accessor.CopyTo(new Span<float>((void*)result.Data, height * width), 0, 0); }
        return result;
    }
}
