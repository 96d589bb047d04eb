using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.SuperResolution;

/// <summary>
/// Runs an <see cref="IUpscaler"/> on any image Lumos reads: grey, colour or colour+alpha, 8 or 16 bits.
/// Alpha is upscaled on its own with MATLAB bicubic; the output has the input's channels and depth.
/// </summary>
public static class Upscaler
{
    /// <summary>Output pixels of one band: a 4000×3000 ×4 upscale runs in bands of this size to stay well under 2 GiB.</summary>
    public const long BandPixels = 8_000_000;

    /// <summary>
    /// Upscales <paramref name="image"/> by <paramref name="scale"/> with <paramref name="upscaler"/>. Images whose
    /// output exceeds <paramref name="bandPixels"/> are upscaled in horizontal bands, each with
    /// <see cref="IUpscaler.Margin"/> rows of context that are cut away afterwards, so the working memory is that of
    /// one band plus the output image, and the result equals a whole-image run.
    /// </summary>
    /// <param name="upscaler">The method.</param>
    /// <param name="image">8/16-bit grey, BGR or BGRA; never modified.</param>
    /// <param name="scale">Integer scale factor.</param>
    /// <param name="bandPixels">Output pixels per band (default <see cref="BandPixels"/>).</param>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle, or the scale is below 1.</exception>
    public static Mat Apply(IUpscaler upscaler, Mat image, int scale, long bandPixels = BandPixels)
    {
        if (image.Depth() is not (MatType.CV_8U or MatType.CV_16U))
            throw new LumosException($"unsupported sample type {image.Type()} (expected 8 or 16 bits)");
        if (scale < 1) throw new LumosException($"scale must be at least 1, got {scale}");
        if (image.Channels() is not (1 or 3 or 4))
            throw new LumosException($"unsupported channel count {image.Channels()} (expected 1, 3 or 4)");
        int margin = Math.Max(0, upscaler.Margin(scale));
        int bandRows = (int)Math.Clamp(bandPixels / ((long)image.Cols * scale * scale), 1, int.MaxValue);
        bandRows = Math.Max(bandRows, 2 * margin); // a band thinner than its margins would repeat most of the work
        int rows = image.Rows;
        if (rows <= bandRows) return Whole(upscaler, image, scale);

        var result = new Mat(rows * scale, image.Cols * scale, image.Type());
        try
        {
            for (int top = 0; top < rows; top += bandRows)
            {
                int bottom = Math.Min(rows, top + bandRows);
                int from = Math.Max(0, top - margin), to = Math.Min(rows, bottom + margin);
                using var band = image.RowRange(from, to);
                using var upscaled = Whole(upscaler, band, scale);
                using var kept = upscaled.RowRange((top - from) * scale, (bottom - from) * scale);
                using var target = result.RowRange(top * scale, bottom * scale);
                kept.CopyTo(target);
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static Mat Whole(IUpscaler upscaler, Mat image, int scale)
    {
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
