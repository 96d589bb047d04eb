using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.SuperResolution;

/// <summary>
/// Runs an <see cref="IUpscaler"/> on any image Lumos reads: grey, colour or colour+alpha, 8 or 16 bits.
/// Alpha is upscaled on its own with MATLAB bicubic; the output has the input's channels and depth.
/// </summary>
public static class Upscaler
{
    /// <summary>Upscales <paramref name="image"/> by <paramref name="scale"/> with <paramref name="upscaler"/>.</summary>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle, or the scale is below 1.</exception>
    public static Mat Apply(IUpscaler upscaler, Mat image, int scale)
    {
        if (image.Depth() is not (MatType.CV_8U or MatType.CV_16U))
            throw new LumosException($"unsupported sample type {image.Type()} (expected 8 or 16 bits)");
        if (scale < 1) throw new LumosException($"scale must be at least 1, got {scale}");
        switch (image.Channels())
        {
            case 3:
                return Checked(upscaler.Upscale(image, scale), image, scale);
            case 1:
            {
                using var colour = new Mat();
                Cv2.CvtColor(image, colour, ColorConversionCodes.GRAY2BGR);
                using var upscaled = Checked(upscaler.Upscale(colour, scale), colour, scale);
                var grey = new Mat();
                Cv2.CvtColor(upscaled, grey, ColorConversionCodes.BGR2GRAY);
                return grey;
            }
            case 4:
            {
                var planes = image.Split();
                try
                {
                    using var colour = new Mat();
                    Cv2.Merge(planes[..3], colour);
                    using var upscaled = Checked(upscaler.Upscale(colour, scale), colour, scale);
                    using var alpha = MatlabResize.Bicubic(planes[3], scale);
                    var upscaledPlanes = upscaled.Split();
                    var result = new Mat();
                    Cv2.Merge([.. upscaledPlanes, alpha], result);
                    foreach (var p in upscaledPlanes) p.Dispose();
                    return result;
                }
                finally { foreach (var p in planes) p.Dispose(); }
            }
            default:
                throw new LumosException($"unsupported channel count {image.Channels()} (expected 1, 3 or 4)");
        }
    }

    private static Mat Checked(Mat output, Mat input, int scale)
    {
        if (output.Size() != new Size(input.Width * scale, input.Height * scale) || output.Type() != input.Type())
            throw new InvalidOperationException($"upscaler returned {output.Type()} {output.Size()} for {input.Type()} {input.Size()} at ×{scale}");
        return output;
    }
}
