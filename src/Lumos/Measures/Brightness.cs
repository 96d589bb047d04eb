using Lumos.Imaging;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>Mean BT.601 luma on the unit range [0, 1]: 0 is black, 1 is white.</summary>
[Registered("brightness", "mean BT.601 luma on [0,1]", Citation = "ITU-R BT.601-7 luma Y' = 0.299 R' + 0.587 G' + 0.114 B'")]
public sealed class Brightness : IImageMeasure
{
    /// <inheritdoc />
    public double Measure(Mat image)
    {
        using var luma = MeasureInput.Luma(image);
        return Cv2.Mean(luma).Val0 / Pixels.MaxValue(luma);
    }
}
