using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="Bimef"/>; defaults follow the paper (μ = 0.5, camera model a = −0.3293, b = 1.1258).</summary>
public sealed record BimefOptions
{
    /// <summary>Exponent μ of the fusion weight W = T^μ: larger keeps more of the input in bright regions.</summary>
    [Description("exponent mu of the fusion weight W = T^mu"), Range(0.0, 10.0)]
    public double Mu { get; init; } = 0.5;

    /// <summary>Exposure ratio k of the synthetic exposure; 0 picks it by maximising the entropy of the dark pixels.</summary>
    [Description("exposure ratio k (0: choose by maximum entropy of dark pixels)"), Range(0.0, 20.0)]
    public double ExposureRatio { get; init; }

    /// <summary>
    /// Smoothness weight of the illumination refinement. BIMEF's λ = 0.5 multiplies weights built from an
    /// unnormalised 5-tap window; with the normalised window used here that is λ/5 = 0.1.
    /// </summary>
    [Description("smoothness weight of the illumination refinement"), Range(0.0, 100.0)]
    public double Lambda { get; init; } = 0.1;

    /// <summary>σ of the structure-weight window; 1.5 has the spread of BIMEF's 5-tap box.</summary>
    [Description("sigma (pixels) of the structure-weight window"), Range(0.3, 20.0)]
    public double Sigma { get; init; } = 1.5;

    /// <summary>Sharpness constant of the weights; BIMEF's 0.001 divided by the same factor 5 as <see cref="Lambda"/>.</summary>
    [Description("epsilon of the structure weights"), Range(1e-6, 0.1)]
    public double Epsilon { get; init; } = 2e-4;

    /// <summary>Megapixels of the map the illumination is refined on (BIMEF solves at half size).</summary>
    [Description("megapixels of the illumination solve (at most half size)"), Range(0.01, 100.0)]
    public double SolveMegapixels { get; init; } = 0.25;
}

/// <summary>
/// BIMEF: fuses the input with a synthetic exposure J = β·I^γ(k) of the camera response model, weighted by
/// the refined illumination W = T^μ (Ying, Li &amp; Gao 2017). In a video the exposure ratio k is the frame statistic
/// (<see cref="IFrameStatistics"/>), smoothed over time: the entropy search may jump between frames of a steady scene;
/// and the illumination solve resumes from the previous frame's (<see cref="IFrameCarry"/>).
/// </summary>
[Registered("bimef", "bio-inspired fusion of the input with a synthetic exposure, weighted by illumination",
    Citation = "Ying, Li & Gao, A Bio-Inspired Multi-Exposure Fusion Framework for Low-light Image Enhancement, arXiv:1711.00591, 2017")]
public sealed class Bimef(BimefOptions options) : FrameStatisticsMethod, IFrameCarry
{
    private const double A = -0.3293, B = 1.1258;
    private const float DarkIllumination = 0.5f;
    private const int EntropySide = 50;
    private const double Tolerance = 1e-3;
    private const int MaxIterations = 2000;

    /// <inheritdoc />
    public override void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics)
    {
        object? none = null;
        Apply(bgr, destination, statistics, ref none);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The statistic is the exposure ratio k. The carry is the illumination solve: a video frame's solve starts from the
    /// previous frame's solution and runs to the same tolerance as a fresh one. Not capped at LIME's 40 iterations:
    /// BIMEF's stiffer system (ε = 2·10⁻⁴) does not catch up in 40, and a lamp switched on and off then flickered twice
    /// as much as per frame.
    /// </remarks>
    public void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics, ref object? carry)
    {
        int width = bgr.Cols, height = bgr.Rows;
        var initial = Lime.InitialIllumination(bgr, IlluminationCarry.Take(carry, width * height));
        double scale = Math.Min(0.5, Math.Sqrt(options.SolveMegapixels * 1e6 / ((double)width * height)));
        var illumination = StructureAwareIllumination.Refine(initial, width, height, scale,
            options.Lambda, options.Sigma, options.Epsilon, Tolerance, MaxIterations, ref carry, carriedIterations: MaxIterations);
        double k = options.ExposureRatio;
        if (k <= 0)
            using (var unit = UnitRowsForEntropy(bgr)) k = MaxEntropyRatio(unit, illumination);
        k = statistics([k])[0];
        LargeBuffers.EnsureOutput(destination, bgr);
        Fuse(bgr, illumination, k, options.ExposureRatio > 0 ? 0f : 0.01f, destination);
        IlluminationCarry.Return(carry, initial, illumination);
    }

    /// <summary>
    /// The image in unit range, converted only in the rows the 50×50 cubic shrink of <see cref="MaxEntropyRatio"/>
    /// reads (OpenCV's cubic kernel takes rows ⌊(y + ½)·H/50 − ½⌋ − 1 … + 2; one more is converted either side):
    /// 300 of 3000 rows of a 12-MP photo. The other rows stay unwritten, and untouched pages are never faulted in.
    /// </summary>
    private static unsafe Mat UnitRowsForEntropy(Mat bgr)
    {
        var unit = LargeBuffers.New(bgr.Size(), MatType.CV_32FC3);
        int length = bgr.Cols * 3, done = 0;
        for (int y = 0; y < EntropySide; y++)
        {
            int centre = (int)Math.Floor((y + 0.5) * bgr.Rows / EntropySide - 0.5);
            int first = Math.Clamp(Math.Max(centre - 2, done), 0, bgr.Rows), end = Math.Clamp(centre + 4, 0, bgr.Rows);
            if (end <= first) continue;
            Pixels.ReadUnitBand(bgr, first, new Span<float>((void*)unit.Ptr(first), (end - first) * length));
            done = end;
        }
        return unit;
    }

    /// <summary>Camera response model: the image seen with exposure ratio k is β·I^γ, γ = k^a, β = e^{(1−k^a)b} (eq. 9).</summary>
    internal static (float Gamma, float Beta) ResponseModel(double k) => ((float)Math.Pow(k, A), (float)Math.Exp((1 - Math.Pow(k, A)) * B));

    /// <summary>
    /// Eq. 13: the k in [1, 7] that maximises the entropy of the synthetic exposure of the dark pixels
    /// (T &lt; 0.5), on the geometric mean of R, G, B shrunk to 50×50, by golden-section search.
    /// </summary>
    internal static double MaxEntropyRatio(Mat unitBgr, float[] illumination)
    {
        using var small = new Mat();
        Cv2.Resize(unitBgr, small, new Size(EntropySide, EntropySide), 0, 0, InterpolationFlags.Cubic);
        using var map = Mat.FromPixelData(unitBgr.Rows, unitBgr.Cols, MatType.CV_32F, illumination);
        using var smallMap = new Mat();
        Cv2.Resize(map, smallMap, new Size(EntropySide, EntropySide), 0, 0, InterpolationFlags.Cubic);
        var dark = new List<double>();
        for (int y = 0; y < EntropySide; y++)
            for (int x = 0; x < EntropySide; x++)
            {
                if (smallMap.At<float>(y, x) >= DarkIllumination) continue;
                var p = small.At<Vec3f>(y, x);
                dark.Add(Math.Cbrt(Math.Max(0, p.Item0) * Math.Max(0, p.Item1) * Math.Max(0, p.Item2)));
            }
        if (dark.Count == 0) return 1;
        double lo = 1, hi = 7, ratio = (Math.Sqrt(5) - 1) / 2;
        while (hi - lo > 1e-3)
        {
            double k1 = hi - ratio * (hi - lo), k2 = lo + ratio * (hi - lo);
            if (Entropy(dark, k1) > Entropy(dark, k2)) hi = k2; else lo = k1;
        }
        return (lo + hi) / 2;
    }

    /// <summary>Shannon entropy (bits) of the 8-bit histogram of β·v^γ.</summary>
    private static double Entropy(List<double> values, double k)
    {
        var (gamma, beta) = ResponseModel(k);
        var histogram = new int[256];
        foreach (var v in values) histogram[(int)Math.Round(Math.Clamp(beta * Math.Pow(v, gamma), 0, 1) * 255)]++;
        double entropy = 0;
        foreach (var count in histogram)
            if (count > 0)
            {
                double p = count / (double)values.Count;
                entropy -= p * Math.Log2(p);
            }
        return entropy;
    }

    /// <summary>Eq. 6 with two exposures: R = W∘I + (1 − W)∘J, W = T^μ, J = β·I^γ − offset, clamped to [0, 1], into <paramref name="result"/>.</summary>
    /// <remarks>Both powers go through 16-bit lookup tables: samples come from 8/16-bit images, so I is exact on that grid.</remarks>
    private void Fuse(Mat bgr, float[] illumination, double k, float offset, Mat result)
    {
        var (gamma, beta) = ResponseModel(k);
        var exposed = new float[65536];
        var weights = new float[65536];
        for (int i = 0; i < exposed.Length; i++)
        {
            exposed[i] = Math.Clamp(beta * MathF.Pow(i / 65535f, gamma) - offset, 0f, 1f);
            weights[i] = MathF.Pow(i / 65535f, (float)options.Mu);
        }
        int width = bgr.Cols;
        Pixels.WriteUnitBands(result, (first, rows, unit) =>
        {
            Pixels.ReadUnitBand(bgr, first, unit);
            for (int i = 0, pixel = first * width; i < unit.Length; i += 3, pixel++)
            {
                float weight = weights[Index(illumination[pixel])];
                for (int c = i; c < i + 3; c++)
                    unit[c] = Math.Clamp(weight * unit[c] + (1 - weight) * exposed[Index(unit[c])], 0f, 1f);
            }
        });
    }

    private static int Index(float unit) => (int)(Math.Clamp(unit, 0f, 1f) * 65535f + 0.5f);
}
