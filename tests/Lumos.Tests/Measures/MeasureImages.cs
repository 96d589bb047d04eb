using OpenCvSharp;

namespace Lumos.Tests.Measures;

/// <summary>Tiny hand-made images for the measure tests.</summary>
internal static class MeasureImages
{
    /// <summary>A 2×2 8-bit grey image with the given samples, row by row.</summary>
    public static Mat Grey(byte a, byte b, byte c, byte d)
    {
        var image = new Mat(2, 2, MatType.CV_8UC1);
        image.Set(0, 0, a);
        image.Set(0, 1, b);
        image.Set(1, 0, c);
        image.Set(1, 1, d);
        return image;
    }

    /// <summary>The same picture at 16 bits (each sample × 257, so 255 maps to 65535).</summary>
    public static Mat To16Bit(Mat image)
    {
        var wide = new Mat();
        image.ConvertTo(wide, MatType.MakeType(MatType.CV_16U, image.Channels()), 257);
        return wide;
    }

    /// <summary>The committed reference input of tests/reference/make_measures.py.</summary>
    public static Mat ReferenceInput() =>
        Cv2.ImRead(Path.Combine(TestData.ReferenceDir, TestData.Reference("measures.json").GetProperty("input").GetString()!), ImreadModes.Unchanged);
}
