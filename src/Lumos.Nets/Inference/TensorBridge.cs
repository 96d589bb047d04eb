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
        using var unit = Pixels.ToUnitFloat(bgr);
        using var scope = NewDisposeScope();
        var hwc = empty(unit.Rows, unit.Cols, 3);
        unsafe { hwc.bytes = new Span<byte>((void*)unit.Data, unit.Rows * unit.Cols * 3 * sizeof(float)); }
        return hwc.flip(2).permute(2, 0, 1).unsqueeze(0).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Converts a 1×3×H×W RGB tensor (clamped to [0, 1]) to a BGR image of <paramref name="like"/>'s depth.</summary>
    /// <exception cref="ArgumentException">The tensor is not 1×3×H×W.</exception>
    public static Mat ToMat(Tensor rgb, Mat like)
    {
        if (rgb.dim() != 4 || rgb.shape[0] != 1 || rgb.shape[1] != 3)
            throw new ArgumentException($"expected a 1×3×H×W tensor, got [{string.Join(", ", rgb.shape)}]", nameof(rgb));
        int height = (int)rgb.shape[2], width = (int)rgb.shape[3];
        using var unit = new Mat(height, width, MatType.CV_32FC3);
        using (NewDisposeScope())
        {
            var hwc = rgb.detach().to(ScalarType.Float32).clamp(0, 1).squeeze(0).permute(1, 2, 0).flip(2).contiguous();
            unsafe { hwc.data<float>().CopyTo(new Span<float>((void*)unit.Data, height * width * 3)); }
        }
        return Pixels.FromUnitFloat(unit, like);
    }
}
