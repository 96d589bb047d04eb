using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>
/// Shannon entropy, in bits, of the 256-bin BT.601 luma histogram (<see cref="Histogram.OfLuma"/>): 0 for a
/// flat image, 8 for a perfectly equalised one. 16-bit images are binned to 256 levels first.
/// </summary>
[Registered("entropy", "Shannon entropy (bits) of the 256-bin luma histogram", Citation = "Shannon, A Mathematical Theory of Communication, 1948, eq. 4")]
public sealed class Entropy : IImageMeasure
{
    /// <inheritdoc />
    public double Measure(Mat image) => Histogram.OfLuma(image).Entropy();
}
