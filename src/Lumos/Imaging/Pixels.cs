using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>Conversions between stored samples (8/16-bit) and unit-range float images.</summary>
public static class Pixels
{
    /// <summary>The largest sample value of an 8- or 16-bit image.</summary>
    public static double MaxValue(Mat image) => image.Depth() == MatType.CV_16U ? 65535.0 : 255.0;

    /// <summary>Bits per sample of an 8- or 16-bit image: 8 or 16.</summary>
    public static int Bits(Mat image) => image.Depth() == MatType.CV_16U ? 16 : 8;

    /// <summary>Converts an 8/16-bit image to CV_32F with values in [0, 1] (same channel count).</summary>
    public static Mat ToUnitFloat(Mat image)
    {
        var result = new Mat();
        image.ConvertTo(result, MatType.CV_32F, 1.0 / MaxValue(image));
        return result;
    }

    /// <summary>Converts a unit-range float image back to the depth of <paramref name="like"/>, rounding and saturating.</summary>
    public static Mat FromUnitFloat(Mat unit, Mat like)
    {
        var result = new Mat();
        unit.ConvertTo(result, like.Depth(), MaxValue(like));
        return result;
    }

    /// <summary>Runs a float [0,1] operation on an 8/16-bit image and returns the result at the input's depth.</summary>
    public static Mat ViaUnitFloat(Mat image, Func<Mat, Mat> operation)
    {
        using var unit = ToUnitFloat(image);
        using var result = operation(unit);
        return FromUnitFloat(result, image);
    }
}
