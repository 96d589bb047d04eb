using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Registry;
using OpenCvSharp;
using OpenCvSharp.XPhoto;

namespace Lumos.Methods.Denoise;

/// <summary>Options of <see cref="Bm3d"/>.</summary>
public sealed record Bm3dOptions
{
    /// <summary>Filter strength h on the 8-bit scale, about the noise's standard deviation.</summary>
    [Description("filter strength h on the 0-255 scale, about the noise std"), Range(0.0, 100.0)]
    public double Strength { get; init; } = 10;

    /// <summary>Strength for the chroma planes (Cr, Cb), which hold less detail and take more smoothing.</summary>
    [Description("filter strength for the chroma planes on the 0-255 scale"), Range(0.0, 100.0)]
    public double ColourStrength { get; init; } = 15;
}

/// <summary>
/// BM3D (Dabov et al., IEEE TIP 2007): similar blocks are grouped into 3-D stacks, shrunk in a transform domain
/// (Haar) and aggregated, in two steps (hard thresholding, then Wiener filtering with the first estimate), through
/// OpenCV contrib's xphoto. OpenCV's BM3D filters one plane, so a colour image is filtered as YCrCb planes (the
/// paper's CBM3D also works in a luminance-chrominance space). Every image is filtered at 16 bits (L1 block distance,
/// h scaled by 257): OpenCV's 8-bit path lifts flat areas by about 1.5 levels per plane, which after YCrCb → BGR
/// tints a flat grey by up to 5 levels; at 16 bits the rounding that causes it is 257 times smaller.
/// </summary>
[Registered("bm3d", "BM3D denoising (OpenCV xphoto), on YCrCb planes", Citation = "Dabov, Foi, Katkovnik & Egiazarian, Image denoising by sparse 3-D transform-domain collaborative filtering, IEEE TIP 2007")]
public sealed class Bm3d(Bm3dOptions options) : IEnhancementMethod
{
    /// <inheritdoc />
    public Mat Enhance(Mat bgr)
    {
        bool eightBit = bgr.Depth() == MatType.CV_8U;
        using var wide = new Mat();
        bgr.ConvertTo(wide, MatType.CV_16UC3, eightBit ? 257 : 1);
        using var ycc = new Mat();
        Cv2.CvtColor(wide, ycc, ColorConversionCodes.BGR2YCrCb);
        var planes = ycc.Split();
        try
        {
            for (int i = 0; i < planes.Length; i++)
            {
                using var filtered = new Mat();
                float h = (float)((i == 0 ? options.Strength : options.ColourStrength) * 257);
                CvXPhoto.Bm3dDenoising(planes[i], filtered, h, normType: NormTypes.L1);
                filtered.CopyTo(planes[i]);
            }
            using var merged = new Mat();
            Cv2.Merge(planes, merged);
            using var filteredBgr = new Mat();
            Cv2.CvtColor(merged, filteredBgr, ColorConversionCodes.YCrCb2BGR);
            var result = new Mat();
            filteredBgr.ConvertTo(result, bgr.Type(), eightBit ? 1 / 257.0 : 1);
            return result;
        }
        finally { foreach (var plane in planes) plane.Dispose(); }
    }
}
