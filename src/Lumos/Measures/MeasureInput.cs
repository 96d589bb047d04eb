using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>Brings any image a measure accepts (grey/BGR/BGRA, 8/16-bit) to the plane or colour image it needs.</summary>
internal static class MeasureInput
{
    /// <summary>The BT.601 luma plane at the image's depth (a copy of the image itself when it is grey).</summary>
    public static Mat Luma(Mat image)
    {
        Check(image);
        if (image.Channels() == 1) return image.Clone();
        var luma = new Mat();
        Cv2.CvtColor(image, luma, image.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        return luma;
    }

    /// <summary>The image as CV_32FC3 BGR on the 8-bit scale [0, 255]; grey becomes three equal channels, alpha is dropped.</summary>
    public static Mat Bgr8Scale(Mat image)
    {
        Check(image);
        using var bgr = new Mat();
        switch (image.Channels())
        {
            case 1: Cv2.CvtColor(image, bgr, ColorConversionCodes.GRAY2BGR); break;
            case 4: Cv2.CvtColor(image, bgr, ColorConversionCodes.BGRA2BGR); break;
            default: image.CopyTo(bgr); break;
        }
        var scaled = new Mat();
        bgr.ConvertTo(scaled, MatType.CV_32FC3, 255.0 / Pixels.MaxValue(image));
        return scaled;
    }

    private static void Check(Mat image)
    {
        if (image.Empty()) throw new LumosException("cannot measure an empty image");
        if (image.Depth() is not (MatType.CV_8U or MatType.CV_16U))
            throw new LumosException($"unsupported sample type {image.Type()} (expected 8 or 16 bits)");
        if (image.Channels() is not (1 or 3 or 4))
            throw new LumosException($"unsupported channel count {image.Channels()} (expected 1, 3 or 4)");
    }
}
