using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>
/// Applies an operation to a whole image of any layout and size: through the <see cref="ChannelAdapter"/>, and for
/// an operation with a receptive margin whose output is large, in row bands (<see cref="Tiler.RunBands"/>) so the
/// working memory is one band's plus the output's, with a result equal to the whole-image run.
/// </summary>
public static class Processor
{
    /// <summary>Output pixels of one band: a 4000×3000 ×4 upscale runs in bands of this size to stay well under 2 GiB.</summary>
    public const long BandPixels = 8_000_000;

    /// <summary>Applies <paramref name="operation"/> to <paramref name="image"/> (grey, BGR or BGRA, 8/16-bit; never modified).</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="image">The input image.</param>
    /// <param name="bandPixels">Output pixels per band (default <see cref="BandPixels"/>).</param>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle, or the operation rejects it.</exception>
    public static Mat Apply(IImageOperation operation, Mat image, long bandPixels = BandPixels) =>
        Run(operation, image, null, bandPixels);

    /// <summary>
    /// As <see cref="Apply(IImageOperation, Mat, long)"/>, into <paramref name="destination"/> (reallocated only when its
    /// size or type differ), so a caller that passes the same Mat every time reuses one output buffer. An operation
    /// without a margin writes straight into it; a banded one copies each band's rows into it.
    /// </summary>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle, or the operation rejects it.</exception>
    public static void Apply(IImageOperation operation, Mat image, Mat destination, long bandPixels = BandPixels) =>
        Run(operation, image, destination, bandPixels);

    /// <summary>The output in a new image, or in <paramref name="destination"/>, which is returned.</summary>
    private static Mat Run(IImageOperation operation, Mat image, Mat? destination, long bandPixels)
    {
        ChannelAdapter.Validate(image);
        if (operation.Margin is int margin)
            return Tiler.RunBands(band => ChannelAdapter.Apply(operation, band), image, operation.Scale, margin, bandPixels, destination);
        if (destination is null) return ChannelAdapter.Apply(operation, image);
        ChannelAdapter.Apply(operation, image, destination);
        return destination;
    }
}
