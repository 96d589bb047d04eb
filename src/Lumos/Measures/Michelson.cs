using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>
/// Michelson contrast (Lmax − Lmin) / (Lmax + Lmin) of BT.601 luma, in [0, 1]; 0 for an all-black image.
/// It reads only the two extreme pixels, so it is not robust: one hot or one black pixel (noise, a
/// specular highlight, a dead sensor site) drives it to nearly 1 whatever the rest of the image looks like.
/// It suits periodic patterns and is a coarse check on photos; prefer <see cref="RmsContrast"/> there.
/// </summary>
[Registered("michelson", "Michelson contrast (Lmax-Lmin)/(Lmax+Lmin) of luma", Citation = "Michelson, Studies in Optics, 1927; see Peli, JOSA A 7(10), 1990, eq. 1")]
public sealed class Michelson : IImageMeasure
{
    /// <inheritdoc />
    public double Measure(Mat image)
    {
        // Luma unrounded: the ratio hangs on the darkest pixel, where rounding to 8-bit levels moves it (a dark 1.4
        // read as 1 gave 0.9648 for what is 0.9607 at 16 bits). The ratio is scale-free, so the sample scale cancels.
        using var colour = MeasureInput.Bgr(image);
        using var real = new Mat();
        colour.ConvertTo(real, MatType.CV_32FC3);
        using var luma = new Mat();
        Cv2.CvtColor(real, luma, ColorConversionCodes.BGR2GRAY);
        Cv2.MinMaxLoc(luma, out double min, out double max);
        return max + min == 0 ? 0 : (max - min) / (max + min);
    }
}
