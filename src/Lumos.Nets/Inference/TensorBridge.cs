using Lumos.Imaging;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Inference;

/// <summary>
/// OpenCV images ↔ the tensors TorchSharp nets train on, through <see cref="PlanarImage"/> (the one place that
/// converts pixels): a BGR 8/16-bit <see cref="Mat"/> becomes a 1×3×H×W float32 RGB tensor in [0, 1], and back
/// (rounded and saturated to the depth of a template image). 8-bit round trips exactly.
/// </summary>
public static class TensorBridge
{
    /// <summary>Converts a CV_8UC3 or CV_16UC3 BGR image to a 1×3×H×W RGB tensor in [0, 1].</summary>
    /// <exception cref="ArgumentException">The image is not 3-channel 8- or 16-bit.</exception>
    public static Tensor ToTensor(Mat bgr) => ToTensor(PlanarImage.FromBgr(bgr));

    /// <summary>Converts a 1×3×H×W RGB tensor (clamped to [0, 1]) to a BGR image of <paramref name="like"/>'s depth.</summary>
    /// <exception cref="ArgumentException">The tensor is not 1×3×H×W.</exception>
    public static Mat ToMat(Tensor rgb, Mat like)
    {
        if (rgb.dim() != 4 || rgb.shape[0] != 1 || rgb.shape[1] != 3)
            throw new ArgumentException($"expected a 1×3×H×W tensor, got [{string.Join(", ", rgb.shape)}]", nameof(rgb));
        return ToPlanar(rgb).ToBgr(like);
    }

    /// <summary>Converts a single-channel CV_32FC1 plane to a 1×1×H×W tensor (values as they are).</summary>
    /// <exception cref="ArgumentException">The plane is not CV_32FC1.</exception>
    public static Tensor FromPlane(Mat plane) => ToTensor(PlanarImage.FromPlane(plane));

    /// <summary>Converts a 1×1×H×W tensor to a CV_32FC1 plane (values as they are).</summary>
    /// <exception cref="ArgumentException">The tensor is not 1×1×H×W.</exception>
    public static Mat ToPlane(Tensor plane)
    {
        if (plane.dim() != 4 || plane.shape[0] != 1 || plane.shape[1] != 1)
            throw new ArgumentException($"expected a 1×1×H×W tensor, got [{string.Join(", ", plane.shape)}]", nameof(plane));
        return ToPlanar(plane).ToPlane();
    }

    /// <summary>Wraps a copy of a planar image as a 1×C×H×W tensor.</summary>
    public static Tensor ToTensor(PlanarImage image) => tensor(image.Data, image.Shape);

    /// <summary>Copies a 1×C×H×W tensor into a planar image.</summary>
    /// <exception cref="ArgumentException">The tensor is not 1×C×H×W.</exception>
    public static PlanarImage ToPlanar(Tensor image)
    {
        if (image.dim() != 4 || image.shape[0] != 1) throw new ArgumentException($"expected a 1×C×H×W tensor, got [{string.Join(", ", image.shape)}]", nameof(image));
        using var values = image.detach().to(ScalarType.Float32).contiguous();
        return new PlanarImage((int)image.shape[1], (int)image.shape[2], (int)image.shape[3], values.data<float>().ToArray());
    }
}
