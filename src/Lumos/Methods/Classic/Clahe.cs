using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="Clahe"/>.</summary>
public sealed record ClaheOptions
{
    /// <summary>Contrast limit: histogram bins are clipped at this multiple of the mean bin height of a tile.</summary>
    [Description("histogram clip limit, as a multiple of a tile's mean bin count"), Range(0.01, 1000.0)]
    public double ClipLimit { get; init; } = 2.0;

    /// <summary>Number of tiles along each side (tiles × tiles contextual regions).</summary>
    [Description("tiles along each side of the image"), Range(1, 256)]
    public int Tiles { get; init; } = 8;

    /// <summary>Channel the equalization acts on.</summary>
    [Description("channel the equalization acts on")]
    public ToneChannel Channel { get; init; } = ToneChannel.Y;
}

/// <summary>
/// Contrast-limited adaptive histogram equalization (Zuiderveld, Graphics Gems IV, 1994): per-tile clipped
/// histograms equalize their region and are blended bilinearly; OpenCV's implementation, 8- or 16-bit. In a video
/// (<see cref="IFrameStatistics"/>) the tiles' tables are the frame statistics, so they can be smoothed over time;
/// with unchanged tables that path (<see cref="ClaheTiles"/>) equals OpenCV's output exactly.
/// </summary>
[Registered("clahe", "contrast-limited adaptive histogram equalization", Citation = "Zuiderveld, Contrast Limited Adaptive Histogram Equalization, Graphics Gems IV, 1994")]
public sealed class Clahe(ClaheOptions options) : EnhancementMethod, IFrameStatistics, ILumaMethod
{
    /// <inheritdoc />
    public bool ActsOnLumaOnly => options.Channel == ToneChannel.Y;

    /// <inheritdoc />
    public void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics) =>
        Luminance.Apply(bgr, options.Channel, plane =>
            ClaheTiles.Interpolate(plane, statistics(ClaheTiles.Tables(plane, options.Tiles, options.ClipLimit)), options.Tiles), destination);

    /// <inheritdoc />
    public override void Enhance(Mat bgr, Mat destination)
    {
        using var clahe = Cv2.CreateCLAHE(options.ClipLimit, new Size(options.Tiles, options.Tiles));
        Luminance.Apply(bgr, options.Channel, plane =>
        {
            var result = LargeBuffers.New(plane.Size(), plane.Type());
            clahe.Apply(plane, result);
            return result;
        }, destination);
    }
}
