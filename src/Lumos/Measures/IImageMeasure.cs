using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>
/// A no-reference measure of one image (brightness, contrast, entropy, ...): a single number computed
/// from the image alone. Registered measures are listed in <see cref="ImageMeasures.Registry"/>.
/// </summary>
public interface IImageMeasure
{
    /// <summary>Measures an 8- or 16-bit image with 1 (grey), 3 (BGR) or 4 (BGRA) channels; alpha is ignored.</summary>
    /// <param name="image">The image; never modified.</param>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle.</exception>
    double Measure(Mat image);
}
