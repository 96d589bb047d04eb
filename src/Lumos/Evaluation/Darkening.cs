using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text;
using OpenCvSharp;

namespace Lumos.Evaluation;

/// <summary>Options of <see cref="Darkening"/>; the defaults give a dim, noisy night shot (mean brightness about a quarter of the original's).</summary>
public sealed record DarkeningOptions
{
    /// <summary>Exponent γ of the exposure curve low = k·x^γ.</summary>
    [Description("exponent gamma of the exposure curve low = k*x^gamma"), Range(1.0, 10.0)]
    public double Gamma { get; init; } = 2.5;

    /// <summary>Exposure factor k.</summary>
    [Description("exposure factor k of low = k*x^gamma"), Range(0.01, 1.0)]
    public double Exposure { get; init; } = 1.0;

    /// <summary>Photons at full white for Poisson shot noise; 0 = none.</summary>
    [Description("photons at full white for Poisson shot noise (0: none)"), Range(0.0, 1e6)]
    public double PoissonPeak { get; init; } = 200;

    /// <summary>Standard deviation of Gaussian read noise on [0, 1]; 0 = none.</summary>
    [Description("std of Gaussian read noise on [0,1] (0: none)"), Range(0.0, 0.5)]
    public double ReadNoise { get; init; } = 0.005;
}

/// <summary>
/// The low-light degradation of synthetic evaluation pairs, in the spirit of LLNet's and MBLLEN's synthetic data:
/// an exposure curve low = k·x^γ on the normalised image, Poisson shot noise with <see cref="DarkeningOptions.PoissonPeak"/>
/// photons at full white (Poisson(low·peak)/peak; exact sampling below λ = 30, the rounded normal approximation
/// above), Gaussian read noise, clipping, and rounding back to the image's depth. Every channel of a pixel draws its
/// own noise, so the noise is chromatic, as a sensor's after demosaicking roughly is. One seed, one result.
/// </summary>
public sealed class Darkening(DarkeningOptions options)
{
    /// <summary>The options in use.</summary>
    public DarkeningOptions Options { get; } = options;

    /// <summary>A seed that depends only on a file's name (FNV-1a of its UTF-8 bytes), so a photo darkens the same wherever its folder lives.</summary>
    public static int SeedOf(string path)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(Path.GetFileName(path))) hash = (hash ^ b) * 16777619;
        return unchecked((int)hash);
    }

    /// <summary>The darkened copy of an 8- or 16-bit grey or BGR image.</summary>
    /// <exception cref="LumosException">Another depth.</exception>
    public Mat Apply(Mat image, int seed)
    {
        if (image.Depth() is not (MatType.CV_8U or MatType.CV_16U)) throw new LumosException("darkening takes 8- or 16-bit images");
        double range = image.Depth() == MatType.CV_8U ? 255 : 65535;
        using var normal = new Mat();
        image.ConvertTo(normal, MatType.CV_64FC(image.Channels()), 1 / range);
        var random = new Random(seed);
        var values = new double[normal.Total() * normal.Channels()];
        System.Runtime.InteropServices.Marshal.Copy(normal.Data, values, 0, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            double low = Options.Exposure * Math.Pow(values[i], Options.Gamma);
            if (Options.PoissonPeak > 0) low = Poisson(low * Options.PoissonPeak, random) / Options.PoissonPeak;
            if (Options.ReadNoise > 0) low += Options.ReadNoise * Gaussian(random);
            values[i] = Math.Clamp(low, 0, 1) * range;
        }
        System.Runtime.InteropServices.Marshal.Copy(values, 0, normal.Data, values.Length);
        var result = new Mat();
        normal.ConvertTo(result, image.Type()); // rounds and saturates
        return result;
    }

    private static double Poisson(double lambda, Random random)
    {
        if (lambda <= 0) return 0;
        if (lambda >= 30) return Math.Max(0, Math.Round(lambda + Math.Sqrt(lambda) * Gaussian(random)));
        double limit = Math.Exp(-lambda), product = random.NextDouble();
        int count = 0;
        while (product > limit) { product *= random.NextDouble(); count++; }
        return count;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
