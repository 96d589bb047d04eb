using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Denoise;

/// <summary>Options of <see cref="NlMeans"/>; defaults are OpenCV's tutorial settings for visible noise.</summary>
public sealed record NlMeansOptions
{
    /// <summary>Filter strength for luminance, on the 8-bit scale: higher removes more noise and more detail.</summary>
    [Description("filter strength for luminance on the 0-255 scale (higher: smoother)"), Range(0.0, 100.0)]
    public double Strength { get; init; } = 10;

    /// <summary>Filter strength for the colour components (8-bit colour images).</summary>
    [Description("filter strength for colour components on the 0-255 scale"), Range(0.0, 100.0)]
    public double ColourStrength { get; init; } = 10;

    /// <summary>Side of the compared patches (odd).</summary>
    [Description("side of the compared patches in pixels (odd)"), Range(3, 15)]
    public int Patch { get; init; } = 7;

    /// <summary>Side of the search window (odd).</summary>
    [Description("side of the search window in pixels (odd)"), Range(5, 51)]
    public int Search { get; init; } = 21;
}

/// <summary>
/// Non-local means denoising (Buades, Coll &amp; Morel, CVPR 2005) through OpenCV's fast implementation: each pixel
/// becomes a weighted mean of pixels whose surrounding patches look alike. 8-bit colour runs
/// <c>fastNlMeansDenoisingColored</c> (L*a*b*, separate luminance and colour strengths). OpenCV's colour version takes
/// 8 bits only, so a 16-bit image is filtered at 8 bits and the correction (filtered − unfiltered, ×257) is added to the
/// 16-bit original: what the filter leaves alone keeps its 16-bit precision. Put it after an enhancement in a pipeline
/// to remove the noise that brightening amplified.
/// </summary>
[Registered("nlmeans", "non-local means denoising (OpenCV fastNlMeans)", Citation = "Buades, Coll & Morel, A non-local algorithm for image denoising, CVPR 2005")]
public sealed class NlMeans(NlMeansOptions options) : IEnhancementMethod
{
    /// <inheritdoc />
    public Mat Enhance(Mat bgr)
    {
        if (options.Patch % 2 == 0 || options.Search % 2 == 0) throw new LumosException("nlmeans: patch and search must be odd");
        if (bgr.Depth() == MatType.CV_8U) return Filter(bgr);
        using var eightBit = new Mat();
        bgr.ConvertTo(eightBit, MatType.CV_8UC3, 1 / 257.0);
        using var filtered = Filter(eightBit);
        using var correction = new Mat();
        Cv2.Subtract(filtered, eightBit, correction, dtype: MatType.CV_32FC3.Value);
        using var wide = new Mat();
        bgr.ConvertTo(wide, MatType.CV_32FC3);
        Cv2.ScaleAdd(correction, 257, wide, wide);
        var result = new Mat();
        wide.ConvertTo(result, bgr.Type()); // rounds and saturates
        return result;
    }

    private Mat Filter(Mat bgr8)
    {
        var result = new Mat();
        Cv2.FastNlMeansDenoisingColored(bgr8, result, (float)options.Strength, (float)options.ColourStrength, options.Patch, options.Search);
        return result;
    }
}
