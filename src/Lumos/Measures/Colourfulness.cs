using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>
/// Colourfulness M = σ_rgyb + 0.3·μ_rgyb with rg = R − G and yb = ½(R + G) − B on the 8-bit scale, where
/// σ_rgyb = √(σ_rg² + σ_yb²) and μ_rgyb = √(μ_rg² + μ_yb²). 0 for grey; about 15 is "slightly", 33 "moderately",
/// 59 "quite" and 82 "highly colourful" in the paper's scale. 16-bit images are scaled to [0, 255] first.
/// </summary>
[Registered("colourfulness", "Hasler-Süsstrunk colourfulness on the 8-bit scale",
    Citation = "Hasler & Süsstrunk, Measuring colourfulness in natural images, SPIE 5007, 2003, eq. 3")]
public sealed class Colourfulness : IImageMeasure
{
    /// <inheritdoc />
    public double Measure(Mat image)
    {
        using var bgr = MeasureInput.Bgr8Scale(image);
        var planes = bgr.Split();
        try
        {
            using var rg = new Mat();
            using var yb = new Mat();
            Cv2.Subtract(planes[2], planes[1], rg);
            Cv2.AddWeighted(planes[2], 0.5, planes[1], 0.5, 0, yb);
            Cv2.Subtract(yb, planes[0], yb);
            Cv2.MeanStdDev(rg, out var meanRg, out var sdRg);
            Cv2.MeanStdDev(yb, out var meanYb, out var sdYb);
            return Math.Sqrt(sdRg.Val0 * sdRg.Val0 + sdYb.Val0 * sdYb.Val0)
                + 0.3 * Math.Sqrt(meanRg.Val0 * meanRg.Val0 + meanYb.Val0 * meanYb.Val0);
        }
        finally { foreach (var p in planes) p.Dispose(); }
    }
}
