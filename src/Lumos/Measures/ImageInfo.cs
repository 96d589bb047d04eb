using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>What Lumos tells about one image on its own: size, layout, every no-reference measure and the luma histogram.</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Bits">Bits per sample: 8 or 16.</param>
/// <param name="Layout">"grey", "grey+alpha", "colour" or "colour+alpha".</param>
/// <param name="Measures">Every registered no-reference measure, in registry order.</param>
/// <param name="Histogram">The 256-bin luma histogram.</param>
public sealed record ImageInfo(int Width, int Height, int Bits, string Layout, IReadOnlyList<MeasureReading> Measures, Histogram Histogram)
{
    /// <summary>
    /// Describes an image as <see cref="ImageIO.Read"/> returns it (grey, BGR or BGRA, 8/16-bit; grey + alpha with
    /// <see cref="ReadOptions.KeepGreyAlpha"/>, measured on its grey plane as alpha is dropped for colour).
    /// </summary>
    public static ImageInfo Of(Mat image)
    {
        if (image.Channels() != 2) return Of(image, image.Channels() switch { 1 => "grey", 3 => "colour", _ => "colour+alpha" });
        using var grey = image.ExtractChannel(0);
        return Of(grey, "grey+alpha");
    }

    private static ImageInfo Of(Mat image, string layout) => new(
        image.Width, image.Height, Pixels.Bits(image), layout,
        QualityMeasures.MeasureAll(QualityMeasures.NoReference, image, null),
        Histogram.OfLuma(image));
}
