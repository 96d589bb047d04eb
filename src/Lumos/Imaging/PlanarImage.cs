using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// A float image stored plane by plane (C×H×W, row-major), the layout nets take (NCHW with N = 1). It is what
/// every inference engine sees — TorchSharp and ONNX Runtime alike — so tiling and pre/post-processing are
/// written once, without a tensor library. Colour images are RGB in [0, 1].
/// </summary>
public sealed class PlanarImage
{
    /// <summary>Wraps (or allocates) C×H×W samples.</summary>
    /// <exception cref="ArgumentException">The sizes are not positive or <paramref name="data"/> has the wrong length.</exception>
    public PlanarImage(int channels, int height, int width, float[]? data = null)
    {
        if (channels < 1 || height < 1 || width < 1) throw new ArgumentException($"bad planar image size {channels}×{height}×{width}");
        long length = (long)channels * height * width;
        if (data is not null && data.LongLength != length) throw new ArgumentException($"expected {length} samples, got {data.LongLength}", nameof(data));
        Channels = channels;
        Height = height;
        Width = width;
        Data = data ?? new float[length];
    }

    /// <summary>Number of planes.</summary>
    public int Channels { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>The samples, plane after plane.</summary>
    public float[] Data { get; }

    /// <summary>Samples in one plane.</summary>
    public int Area => Height * Width;

    /// <summary>One plane's samples.</summary>
    public Span<float> Plane(int channel) => Data.AsSpan(channel * Area, Area);

    /// <summary>The NCHW shape (N = 1).</summary>
    public long[] Shape => [1, Channels, Height, Width];

    /// <summary>A copy of the rectangle at (<paramref name="y"/>, <paramref name="x"/>) of size <paramref name="height"/>×<paramref name="width"/>.</summary>
    public PlanarImage Crop(int y, int x, int height, int width)
    {
        if (y < 0 || x < 0 || height < 1 || width < 1 || y + height > Height || x + width > Width)
            throw new ArgumentOutOfRangeException(nameof(y), $"crop {width}×{height} at ({x}, {y}) outside {Width}×{Height}");
        var crop = new PlanarImage(Channels, height, width);
        for (int c = 0; c < Channels; c++)
            for (int row = 0; row < height; row++)
                Data.AsSpan(c * Area + (y + row) * Width + x, width).CopyTo(crop.Data.AsSpan(c * crop.Area + row * width, width));
        return crop;
    }

    /// <summary>Converts a CV_8UC3 or CV_16UC3 BGR image to RGB planes in [0, 1].</summary>
    /// <exception cref="ArgumentException">The image is not 3-channel 8- or 16-bit.</exception>
    public static PlanarImage FromBgr(Mat bgr)
    {
        if (bgr.Channels() != 3 || (bgr.Depth() != MatType.CV_8U && bgr.Depth() != MatType.CV_16U))
            throw new ArgumentException($"expected CV_8UC3 or CV_16UC3, got {bgr.Type()}", nameof(bgr));
        var image = new PlanarImage(3, bgr.Rows, bgr.Cols);
        var planes = Cv2.Split(bgr);
        try
        {
            for (int c = 0; c < 3; c++)
            {
                using var unit = Pixels.ToUnitFloat(planes[2 - c]);
                unsafe { new ReadOnlySpan<float>((void*)unit.Data, image.Area).CopyTo(image.Plane(c)); }
            }
            return image;
        }
        finally
        {
            foreach (var plane in planes) plane.Dispose();
        }
    }

    /// <summary>Converts RGB planes (clamped to [0, 1]) to a BGR image of <paramref name="like"/>'s depth, rounding and saturating.</summary>
    /// <exception cref="ArgumentException">This image does not have 3 planes.</exception>
    public Mat ToBgr(Mat like)
    {
        if (Channels != 3) throw new ArgumentException($"expected 3 planes, got {Channels}");
        var planes = new Mat[3];
        try
        {
            using var unit = new Mat(Height, Width, MatType.CV_32FC1);
            for (int c = 0; c < 3; c++)
            {
                unsafe
                {
                    var target = new Span<float>((void*)unit.Data, Area);
                    Plane(c).CopyTo(target);
                    // NaN must not reach the integer conversion (OpenCV makes it 0 silently): clamp maps it to 0 on purpose.
                    foreach (ref var v in target) v = float.IsNaN(v) ? 0 : Math.Clamp(v, 0f, 1f);
                }
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

    /// <summary>Wraps a copy of a CV_32FC1 plane (values as they are).</summary>
    /// <exception cref="ArgumentException">The plane is not CV_32FC1.</exception>
    public static PlanarImage FromPlane(Mat plane)
    {
        if (plane.Type() != MatType.CV_32FC1) throw new ArgumentException($"expected CV_32FC1, got {plane.Type()}", nameof(plane));
        int rows = plane.Rows, cols = plane.Cols;
        var image = new PlanarImage(1, rows, cols);
        for (int row = 0; row < rows; row++)
            unsafe { new ReadOnlySpan<float>((void*)plane.Ptr(row), cols).CopyTo(image.Data.AsSpan(row * cols, cols)); }
        return image;
    }

    /// <summary>Copies a one-plane image into a new CV_32FC1 Mat (values as they are).</summary>
    /// <exception cref="ArgumentException">This image has more than one plane.</exception>
    public Mat ToPlane()
    {
        if (Channels != 1) throw new ArgumentException($"expected 1 plane, got {Channels}");
        var plane = new Mat(Height, Width, MatType.CV_32FC1);
        unsafe { Data.AsSpan().CopyTo(new Span<float>((void*)plane.Data, Area)); }
        return plane;
    }
}
