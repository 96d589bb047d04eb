using Lumos.Imaging;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>
/// RMS contrast: the (population) standard deviation of BT.601 luma on the unit range, so it lies in [0, 0.5].
/// </summary>
[Registered("rms-contrast", "standard deviation of luma on [0,1]", Citation = "Peli, Contrast in complex images, JOSA A 7(10), 1990, eq. 4")]
public sealed class RmsContrast : IImageMeasure
{
    /// <inheritdoc />
    public double Measure(Mat image)
    {
        using var luma = MeasureInput.Luma(image);
        Cv2.MeanStdDev(luma, out _, out var deviation);
        return deviation.Val0 / Pixels.MaxValue(luma);
    }
}
