using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>
/// Runs an <see cref="IImageOperation"/> on any image Lumos reads: grey, grey+alpha, colour or colour+alpha, 8 or 16
/// bits. Grey goes through colour and back (straight to a method that acts on luma alone, <see cref="ILumaMethod"/>); alpha is kept aside and passes through (scale 1) or is upscaled on its own with
/// MATLAB bicubic. The output has the input's channels and depth, so each operation handles one case.
/// </summary>
public static class ChannelAdapter
{
    /// <summary>Applies <paramref name="operation"/> to <paramref name="image"/>.</summary>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle.</exception>
    public static Mat Apply(IImageOperation operation, Mat image) => Run(operation, image, null);

    /// <summary>
    /// Applies <paramref name="operation"/> to <paramref name="image"/> into <paramref name="destination"/>, reallocated
    /// only when its size or type differ (see <see cref="IImageOperation.Apply(Mat, Mat)"/>); colour and luma-alone
    /// images go straight into it, grey and alpha through their conversions.
    /// </summary>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle.</exception>
    public static void Apply(IImageOperation operation, Mat image, Mat destination) => Run(operation, image, destination);

    private static Mat Run(IImageOperation operation, Mat image, Mat? destination)
    {
        Validate(image);
        switch (image.Channels())
        {
            case 3:
            case 1 when operation is MethodOperation { Method: ILumaMethod { ActsOnLumaOnly: true } }:
                return Process(operation, image, destination);
            case 1:
            {
                using var colour = new Mat();
                Cv2.CvtColor(image, colour, ColorConversionCodes.GRAY2BGR);
                using var processed = Process(operation, colour, null);
                var grey = destination ?? new Mat();
                Cv2.CvtColor(processed, grey, ColorConversionCodes.BGR2GRAY);
                return grey;
            }
            case 2:
            {
                // Grey + alpha: the grey plane as a grey image (so it comes out as the same image without alpha would),
                // alpha aside as for colour.
                var planes = image.Split();
                try
                {
                    using var processed = Run(operation, planes[0], null);
                    using var alpha = operation.Scale == 1 ? planes[1].Clone() : MatlabResize.Bicubic(planes[1], operation.Scale);
                    var result = destination ?? new Mat();
                    Cv2.Merge([processed, alpha], result);
                    return result;
                }
                finally { foreach (var p in planes) p.Dispose(); }
            }
            default:
            {
                var planes = image.Split();
                try
                {
                    using var colour = new Mat();
                    Cv2.Merge(planes[..3], colour);
                    using var processed = Process(operation, colour, null);
                    using var alpha = operation.Scale == 1 ? planes[3].Clone() : MatlabResize.Bicubic(planes[3], operation.Scale);
                    var processedPlanes = processed.Split();
                    var result = destination ?? new Mat();
                    Cv2.Merge([.. processedPlanes, alpha], result);
                    foreach (var p in processedPlanes) p.Dispose();
                    return result;
                }
                finally { foreach (var p in planes) p.Dispose(); }
            }
        }
    }

    /// <summary>The operation's output for <paramref name="input"/>: a new image, or <paramref name="destination"/> filled.</summary>
    private static Mat Process(IImageOperation operation, Mat input, Mat? destination)
    {
        if (destination is null) return Checked(operation, operation.Apply(input), input);
        operation.Apply(input, destination);
        return Checked(operation, destination, input);
    }

    /// <summary>Checks that Lumos handles the image's depth and channel count.</summary>
    /// <exception cref="LumosException">Not 8/16-bit, or not 1 to 4 channels.</exception>
    public static void Validate(Mat image)
    {
        if (image.Depth() is not (MatType.CV_8U or MatType.CV_16U))
            throw new LumosException($"unsupported sample type {image.Type()} (expected 8 or 16 bits)");
        if (image.Channels() is not (1 or 2 or 3 or 4))
            throw new LumosException($"unsupported channel count {image.Channels()} (expected 1 to 4: grey, grey+alpha, colour, colour+alpha)");
    }

    /// <summary>Returns <paramref name="output"/> when it has the type and size <paramref name="operation"/> promises for <paramref name="input"/>.</summary>
    /// <exception cref="InvalidOperationException">It has not: a bug in the operation.</exception>
    internal static Mat Checked(IImageOperation operation, Mat output, Mat input)
    {
        int s = operation.Scale;
        if (output.Size() != new Size(input.Width * s, input.Height * s) || output.Type() != input.Type())
            throw new InvalidOperationException($"{operation.GetType().Name} returned {output.Type()} {output.Size()} for {input.Type()} {input.Size()} at ×{s}");
        return output;
    }
}
