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
        return ColourSpace.Luma(image);
    }

    /// <summary>The image as 3-channel BGR at its own depth: grey becomes three equal channels, alpha is dropped.</summary>
    public static Mat Bgr(Mat image)
    {
        Check(image);
        var bgr = new Mat();
        switch (image.Channels())
        {
            case 1: Cv2.CvtColor(image, bgr, ColorConversionCodes.GRAY2BGR); break;
            case 4: Cv2.CvtColor(image, bgr, ColorConversionCodes.BGRA2BGR); break;
            default: image.CopyTo(bgr); break;
        }
        return bgr;
    }

    /// <summary>The image as CV_32FC3 BGR on the 8-bit scale [0, 255]; grey becomes three equal channels, alpha is dropped.</summary>
    public static Mat Bgr8Scale(Mat image)
    {
        using var bgr = Bgr(image);
        var scaled = new Mat();
        bgr.ConvertTo(scaled, MatType.CV_32FC3, 255.0 / Pixels.MaxValue(image));
        return scaled;
    }

    /// <summary>Checks that a result and its reference can be compared: same size and bit depth (grey, BGR and BGRA may mix).</summary>
    /// <exception cref="LumosException">They differ, or either has a layout Lumos does not handle.</exception>
    public static void CheckPair(Mat image, Mat reference)
    {
        Check(image);
        Check(reference);
        if (image.Size() != reference.Size())
            throw new LumosException($"image is {image.Width}×{image.Height} but reference is {reference.Width}×{reference.Height}: full-reference measures compare images of the same size");
        if (image.Depth() != reference.Depth())
            throw new LumosException($"image is {Pixels.Bits(image)}-bit but reference is {Pixels.Bits(reference)}-bit: full-reference measures compare images of the same bit depth");
    }

    /// <summary>
    /// Runs <paramref name="measure"/> on each pair of planes a full-reference measure compares and returns its
    /// results in plane order. Planes are CV_64F on the stored scale (0–255 or 0–65535) with
    /// <paramref name="cropBorder"/> pixels removed at each side: B, G and R for <see cref="MeasureChannel.Rgb"/>,
    /// the Y plane for <see cref="MeasureChannel.Y"/>, or the one plane when both images are grey. A grey image
    /// compared with a colour one counts as three equal channels. One pair is alive at a time, to bound memory.
    /// </summary>
    /// <exception cref="LumosException">The images cannot be compared, or the crop leaves nothing.</exception>
    public static double[] PerPlane(Mat image, Mat reference, MeasureChannel channel, int cropBorder, Func<Mat, Mat, double> measure)
    {
        CheckPair(image, reference);
        if (2 * cropBorder >= Math.Min(image.Width, image.Height))
            throw new LumosException($"crop-border={cropBorder} leaves nothing of a {image.Width}×{image.Height} image");
        var kept = new Rect(cropBorder, cropBorder, image.Width - 2 * cropBorder, image.Height - 2 * cropBorder);
        double max = Pixels.MaxValue(image);

        if (image.Channels() == 1 && reference.Channels() == 1)
        {
            using var x = Wide(image, kept);
            using var y = Wide(reference, kept);
            return [measure(x, y)];
        }
        using var imageBgr = Bgr(image);
        using var referenceBgr = Bgr(reference);
        if (channel == MeasureChannel.Y)
        {
            using var x = YPlane(imageBgr, kept, max);
            using var y = YPlane(referenceBgr, kept, max);
            return [measure(x, y)];
        }
        var results = new double[3];
        for (int c = 0; c < 3; c++)
        {
            using var x = ChannelPlane(imageBgr, kept, c);
            using var y = ChannelPlane(referenceBgr, kept, c);
            results[c] = measure(x, y);
        }
        return results;
    }

    /// <summary>The <paramref name="kept"/> part of the image as CV_64F with the same channels.</summary>
    private static Mat Wide(Mat image, Rect kept)
    {
        using var cropped = new Mat(image, kept);
        var wide = new Mat();
        cropped.ConvertTo(wide, MatType.MakeType(MatType.CV_64F, image.Channels()));
        return wide;
    }

    private static Mat YPlane(Mat bgr, Rect kept, double max)
    {
        using var wide = Wide(bgr, kept);
        return ColourSpace.MatlabLuma(wide, max);
    }

    private static Mat ChannelPlane(Mat bgr, Rect kept, int channel)
    {
        using var plane = new Mat();
        Cv2.ExtractChannel(bgr, plane, channel);
        return Wide(plane, kept);
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
