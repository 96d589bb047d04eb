using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.SuperResolution;

/// <summary>
/// Colour handling for nets that see luma only (SRCNN, FSRCNN, ESPCN, VDSR as published): convert with
/// MATLAB's <c>rgb2ycbcr</c> (<see cref="ColourSpace"/>), run the net on Y, MATLAB bicubic on Cb and Cr, convert back.
/// </summary>
public static class YCbCr
{
    /// <summary>Upscales a BGR image by running <paramref name="lumaNet"/> on its Y plane and MATLAB bicubic on its chroma.</summary>
    /// <param name="bgr">CV_8UC3 or CV_16UC3; never modified.</param>
    /// <param name="scale">Scale factor.</param>
    /// <param name="lumaNet">Takes Y as CV_32FC1 on MATLAB's double scale (16/255 to 235/255) and returns it
    /// <paramref name="scale"/> times larger, same scale (values are clipped when converting back).</param>
    /// <returns>A new image of the input's type.</returns>
    /// <exception cref="LumosException">The image is not 8/16-bit BGR.</exception>
    public static Mat Upscale(Mat bgr, int scale, Func<Mat, Mat> lumaNet)
    {
        if (bgr.Type() != MatType.CV_8UC3 && bgr.Type() != MatType.CV_16UC3)
            throw new LumosException($"luma upscaling needs 8/16-bit BGR, got {bgr.Type()}");
        using var ycc = ColourSpace.MatlabYCbCr(bgr);
        var planes = ycc.Split();
        try
        {
            var size = new Size(bgr.Width * scale, bgr.Height * scale);
            using var y = lumaNet(planes[0]);
            if (y.Size() != size || y.Type() != MatType.CV_32FC1)
                throw new InvalidOperationException($"luma net returned {y.Type()} {y.Size()}, expected CV_32FC1 {size}");
            using var cb = MatlabResize.Bicubic(planes[1], size);
            using var cr = MatlabResize.Bicubic(planes[2], size);
            using var merged = new Mat();
            Cv2.Merge([y, cb, cr], merged);
            return ColourSpace.MatlabYCbCrToBgr(merged, bgr);
        }
        finally { foreach (var p in planes) p.Dispose(); }
    }
}
