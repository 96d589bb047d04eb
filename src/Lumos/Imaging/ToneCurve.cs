using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>Applies a pointwise curve f: [0,1] → [0,1] to an 8- or 16-bit plane through a lookup table.</summary>
public static class ToneCurve
{
    /// <summary>Maps every sample s of <paramref name="plane"/> to round(max·f(s/max)), clamped.</summary>
    public static Mat Apply(Mat plane, Func<double, double> curve) =>
        ApplyLut(plane, Lut(plane.Depth() == MatType.CV_8U ? 256 : 65536, curve));

    /// <summary>Applies the curve to the chosen channel of a BGR image and rebuilds colour into <paramref name="destination"/> (fused on Y: <see cref="Luminance.ApplyLut(Mat, ToneChannel, Func{int, ushort[]}, Mat)"/>).</summary>
    public static void Apply(Mat bgr, ToneChannel channel, Func<double, double> curve, Mat destination) =>
        Luminance.ApplyLut(bgr, channel, levels => Lut(levels, curve), destination);

    /// <summary>The table round(max·f(i/max)), clamped to [0, max], for <paramref name="levels"/> = max + 1 levels (256 or 65536).</summary>
    public static ushort[] Lut(int levels, Func<double, double> curve)
    {
        double max = levels - 1;
        var lut = new ushort[levels];
        for (int i = 0; i < levels; i++) lut[i] = (ushort)Math.Clamp(Math.Round(max * curve(i / max)), 0, max);
        return lut;
    }

    /// <summary>Applies a table of one entry per level (256 or 65536, values within the depth) to an 8- or 16-bit plane.</summary>
    public static Mat ApplyLut(Mat plane, ushort[] lut) =>
        plane.Depth() == MatType.CV_8U ? ApplyLut(plane, Array.ConvertAll(lut, v => (byte)v)) : Apply16BitLut(plane, lut);

    /// <summary>Applies an 8-bit lookup table (256 entries) to an 8-bit plane.</summary>
    public static Mat ApplyLut(Mat plane, byte[] lut)
    {
        var result = new Mat();
        using var table = Mat.FromPixelData(1, 256, MatType.CV_8U, lut);
        Cv2.LUT(plane, table, result);
        return result;
    }

    /// <summary>Applies a 16-bit lookup table (65536 entries) to a 16-bit plane, in parallel over rows.</summary>
    private static unsafe Mat Apply16BitLut(Mat plane, ushort[] lut)
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
