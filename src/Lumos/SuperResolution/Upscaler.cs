using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.SuperResolution;

/// <summary>
/// Runs an <see cref="IUpscaler"/> on any image Lumos reads: grey, colour or colour+alpha, 8 or 16 bits, through the
/// one <see cref="Processor"/>. Alpha is upscaled on its own with MATLAB bicubic; the output has the input's channels
/// and depth; huge outputs are made in row bands with <see cref="IUpscaler.Margin"/> rows of context.
/// </summary>
public static class Upscaler
{
    /// <summary>Upscales <paramref name="image"/> by <paramref name="scale"/> with <paramref name="upscaler"/> (which stays the caller's to dispose).</summary>
    /// <param name="upscaler">The method.</param>
    /// <param name="image">8/16-bit grey, BGR or BGRA; never modified.</param>
    /// <param name="scale">Integer scale factor.</param>
    /// <param name="bandPixels">Output pixels per band (default <see cref="Processor.BandPixels"/>).</param>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle, the scale is below 1, or the upscaler has no model for it.</exception>
    public static Mat Apply(IUpscaler upscaler, Mat image, int scale, long bandPixels = Processor.BandPixels)
    {
        ChannelAdapter.Validate(image);
        return Processor.Apply(new UpscaleOperation(upscaler, scale), image, bandPixels);
    }
}
