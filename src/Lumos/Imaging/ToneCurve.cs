using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>Applies a pointwise curve f: [0,1] → [0,1] to an 8- or 16-bit plane through a lookup table.</summary>
public static class ToneCurve
{
    /// <summary>Maps every sample s of <paramref name="plane"/> to round(max·f(s/max)), clamped.</summary>
    public static Mat Apply(Mat plane, Func<double, double> curve)
    {
        if (plane.Depth() == MatType.CV_8U)
        {
            var lut = new byte[256];
            for (int i = 0; i < 256; i++) lut[i] = (byte)Math.Clamp(Math.Round(255 * curve(i / 255.0)), 0, 255);
            return ApplyLut(plane, lut);
        }
        var lut16 = new ushort[65536];
        for (int i = 0; i < 65536; i++) lut16[i] = (ushort)Math.Clamp(Math.Round(65535 * curve(i / 65535.0)), 0, 65535);
        return ApplyLut(plane, lut16);
    }

    /// <summary>Applies an 8-bit lookup table (256 entries) to an 8-bit plane.</summary>
    public static Mat ApplyLut(Mat plane, byte[] lut)
    {
        var result = new Mat();
        using var table = Mat.FromPixelData(1, 256, MatType.CV_8U, lut);
        Cv2.LUT(plane, table, result);
        return result;
    }

    /// <summary>Applies a 16-bit lookup table (65536 entries) to a 16-bit plane, in parallel over rows.</summary>
    public static unsafe Mat ApplyLut(Mat plane, ushort[] lut)
    {
        var result = new Mat(plane.Size(), plane.Type());
        int rows = plane.Rows, cols = plane.Cols * plane.Channels();
        Parallel.For(0, rows, y =>
        {
            var src = new ReadOnlySpan<ushort>((void*)plane.Ptr(y), cols);
            var dst = new Span<ushort>((void*)result.Ptr(y), cols);
            for (int x = 0; x < cols; x++) dst[x] = lut[src[x]];
        });
        return result;
    }
}
