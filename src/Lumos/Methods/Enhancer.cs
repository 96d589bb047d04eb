using OpenCvSharp;

namespace Lumos.Methods;

/// <summary>
/// Runs an <see cref="IEnhancementMethod"/> on any image Lumos reads: grey, colour or colour+alpha,
/// 8 or 16 bits. Alpha passes through untouched and the output has the input's channels and depth.
/// </summary>
public static class Enhancer
{
    /// <summary>Enhances <paramref name="image"/> with <paramref name="method"/>.</summary>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle.</exception>
    public static Mat Apply(IEnhancementMethod method, Mat image)
    {
        if (image.Depth() is not (MatType.CV_8U or MatType.CV_16U))
            throw new LumosException($"unsupported sample type {image.Type()} (expected 8 or 16 bits)");
        switch (image.Channels())
        {
            case 3:
                return Checked(method.Enhance(image), image);
            case 1:
            {
                using var colour = new Mat();
                Cv2.CvtColor(image, colour, ColorConversionCodes.GRAY2BGR);
                using var enhanced = Checked(method.Enhance(colour), colour);
                var grey = new Mat();
                Cv2.CvtColor(enhanced, grey, ColorConversionCodes.BGR2GRAY);
                return grey;
            }
            case 4:
            {
                var planes = image.Split();
                try
                {
                    using var colour = new Mat();
                    Cv2.Merge(planes[..3], colour);
                    using var enhanced = Checked(method.Enhance(colour), colour);
                    var enhancedPlanes = enhanced.Split();
                    var result = new Mat();
                    Cv2.Merge([.. enhancedPlanes, planes[3]], result);
                    foreach (var p in enhancedPlanes) p.Dispose();
                    return result;
                }
                finally { foreach (var p in planes) p.Dispose(); }
            }
            default:
                throw new LumosException($"unsupported channel count {image.Channels()} (expected 1, 3 or 4)");
        }
    }

    private static Mat Checked(Mat output, Mat input)
    {
        if (output.Size() != input.Size() || output.Type() != input.Type())
            throw new InvalidOperationException($"method returned {output.Type()} {output.Size()} for {input.Type()} {input.Size()}");
        return output;
    }
}
