using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;
using OpenCvSharp.XPhoto;

namespace Lumos.Methods.Classic;

/// <summary>How <see cref="Lime"/> solves the illumination refinement system.</summary>
public enum LimeSolver
{
    /// <summary>Preconditioned conjugate gradients on the full-resolution system, to <see cref="LimeOptions.Tolerance"/>.</summary>
    Exact,
    /// <summary>
    /// Solves the same system on a copy shrunk to <see cref="LimeOptions.FastMegapixels"/> and upsamples the
    /// map; images already that small are solved exactly.
    /// </summary>
    Fast,
}

/// <summary>Options of <see cref="Lime"/>; defaults are the paper's (α = 0.15, σ = 2, γ = 0.8, strategy III).</summary>
public sealed record LimeOptions
{
    /// <summary>Weight α of the structure-aware smoothness term against fidelity to the initial map.</summary>
    [Description("smoothness weight alpha of the illumination refinement"), Range(0.0, 100.0)]
    public double Alpha { get; init; } = 0.15;

    /// <summary>Standard deviation σ (pixels) of the Gaussian window of weighting strategy III.</summary>
    [Description("sigma (pixels) of the Gaussian window of the structure weights"), Range(0.3, 20.0)]
    public double Sigma { get; init; } = 2.0;

    /// <summary>Small constant ε keeping the weights' denominators positive.</summary>
    [Description("epsilon of the structure weights' denominators"), Range(1e-6, 0.1)]
    public double Epsilon { get; init; } = 1e-3;

    /// <summary>Exponent γ applied to the refined illumination (T^γ) before dividing it out; below 1 tempers the boost.</summary>
    [Description("gamma applied to the illumination map"), Range(0.05, 2.0)]
    public double Gamma { get; init; } = 0.8;

    /// <summary>Exact full-resolution solve or fast coarse solve.</summary>
    [Description("exact (full-resolution PCG) or fast (coarse solve, upsampled)")]
    public LimeSolver Solver { get; init; } = LimeSolver.Fast;

    /// <summary>Relative residual ‖A t − t̂‖ / ‖t̂‖ at which the conjugate-gradient solve stops.</summary>
    [Description("relative residual at which the solver stops"), Range(1e-8, 0.1)]
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Iteration cap of the conjugate-gradient solve.</summary>
    [Description("iteration cap of the solver"), Range(1, 100000)]
    public int MaxIterations { get; init; } = 5000;

    /// <summary>Size in megapixels of the map the fast solver works on.</summary>
    [Description("megapixels of the map the fast solver works on"), Range(0.01, 100.0)]
    public double FastMegapixels { get; init; } = 0.25;

    /// <summary>Denoise the result with BM3D on Y, blended by the illumination as in the paper (slow).</summary>
    [Description("denoise with BM3D on Y, weighted by illumination (slow)")]
    public bool Denoise { get; init; }

    /// <summary>BM3D filter strength h, in 8-bit grey levels.</summary>
    [Description("BM3D strength h in 8-bit levels"), Range(0.1, 100.0)]
    public double DenoiseStrength { get; init; } = 10.0;
}

/// <summary>
/// LIME: initial illumination t̂ = max(R, G, B), refined by a structure-aware smoothing solve, gamma-corrected
/// and divided out (Guo, Li &amp; Ling, IEEE TIP 2017). In a video the refinement resumes from the previous frame's
/// solution (<see cref="IFrameCarry"/>), for at most <see cref="StructureAwareIllumination.CarriedIterations"/> iterations.
/// </summary>
[Registered("lime", "illumination map estimation: max-RGB map, structure-aware refinement, R = I / T^gamma",
    Citation = "Guo, Li & Ling, LIME: Low-Light Image Enhancement via Illumination Map Estimation, IEEE TIP 26(2), 2017")]
public sealed class Lime(LimeOptions options) : EnhancementMethod, IFrameCarry
{
    /// <summary>Floor of T^γ in the division, so black pixels are not divided by zero.</summary>
    private const float MinIllumination = 1e-2f;

    /// <inheritdoc />
    public override void Enhance(Mat bgr, Mat destination)
    {
        object? none = null;
        Apply(bgr, destination, statistics => statistics, ref none);
    }

    /// <inheritdoc />
    /// <remarks>LIME has no whole-frame statistic: <paramref name="statistics"/> is not called.</remarks>
    public void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics, ref object? carry)
    {
        var initial = InitialIllumination(bgr, IlluminationCarry.Take(carry, bgr.Rows * bgr.Cols));
        var illumination = RefineIllumination(initial, bgr.Cols, bgr.Rows, ref carry);
        // Denoising needs the whole unit-range reflectance; otherwise it goes to the output's depth band by band.
        using var reflectance = options.Denoise ? new Mat(bgr.Size(), MatType.CV_32FC3) : null;
        LargeBuffers.EnsureOutput(destination, bgr);
        Divide(bgr, illumination, (float)options.Gamma, reflectance ?? destination);
        if (reflectance is not null)
        {
            DenoiseDarkRegions(reflectance, illumination);
            reflectance.ConvertTo(destination, destination.Type(), Pixels.MaxValue(bgr));
        }
        IlluminationCarry.Return(carry, initial, illumination);
    }

    /// <summary>Eq. 2: t̂(x) = max over R, G, B, in unit range (max commutes with the monotone conversion to it), into <paramref name="into"/> when given.</summary>
    internal static float[] InitialIllumination(Mat bgr, float[]? into = null)
    {
        var map = into ?? GC.AllocateUninitializedArray<float>(bgr.Rows * bgr.Cols);
        using var channelMax = Pixels.ChannelMax(bgr);
        using var unit = Mat.FromPixelData(bgr.Rows, bgr.Cols, MatType.CV_32FC1, map);
        channelMax.ConvertTo(unit, MatType.CV_32FC1, 1.0 / Pixels.MaxValue(bgr));
        return map;
    }

    /// <summary>The refined illumination T (before γ) of a t̂ map, by the configured solver.</summary>
    internal float[] RefineIllumination(float[] initial, int width, int height)
    {
        object? none = null;
        return RefineIllumination(initial, width, height, ref none);
    }

    /// <summary>The refined illumination, resuming from a video's <paramref name="carry"/> (see <see cref="IFrameCarry"/>).</summary>
    private float[] RefineIllumination(float[] initial, int width, int height, ref object? carry)
    {
        double scale = options.Solver == LimeSolver.Exact ? 1 : Math.Sqrt(options.FastMegapixels * 1e6 / ((double)width * height));
        return StructureAwareIllumination.Refine(initial, width, height, scale,
            options.Alpha, options.Sigma, options.Epsilon, options.Tolerance, options.MaxIterations, ref carry);
    }

    /// <summary>Builds eq. 19 for <paramref name="initial"/> with weighting strategy III and solves it at full resolution.</summary>
    internal IlluminationSolution SolveExact(float[] initial, int width, int height) =>
        StructureAwareIllumination.Problem(initial, width, height, options.Alpha, options.Sigma, options.Epsilon)
            .Solve(options.Tolerance, options.MaxIterations);

    /// <summary>
    /// Eq. 3: R = I / T^γ, per channel, clamped to [0, 1], with T^γ floored at <see cref="MinIllumination"/>;
    /// <paramref name="illumination"/> is replaced by that T^γ on the way (the denoising blend weighs by it).
    /// </summary>
    private static void Divide(Mat bgr, float[] illumination, float gamma, Mat destination)
    {
        int width = bgr.Cols;
        Pixels.WriteUnitBands(destination, (first, rows, unit) =>
        {
            Pixels.ReadUnitBand(bgr, first, unit);
            for (int i = 0, pixel = first * width; i < unit.Length; i += 3, pixel++)
            {
                float inverse = 1f / (illumination[pixel] = MathF.Max(MathF.Pow(illumination[pixel], gamma), MinIllumination));
                for (int c = i; c < i + 3; c++) unit[c] = MathF.Min(unit[c] * inverse, 1f);
            }
        });
    }

    /// <summary>
    /// Sec. III-D: denoise Y with BM3D and recompose R_f = R∘T + R_d∘(1 − T), so dark (amplified, noisy)
    /// regions take the denoised result. Changing Y by Δ shifts B, G and R each by Δ (BT.601), so
    /// R_d = R + Δ; Δ is taken between the 8-bit plane and its denoised version, keeping 16-bit detail where BM3D changes nothing.
    /// </summary>
    private unsafe void DenoiseDarkRegions(Mat reflectance, float[] illumination)
    {
        using var luma = ColourSpace.Luma(reflectance);
        using var luma8 = new Mat();
        luma.ConvertTo(luma8, MatType.CV_8U, 255.0);
        using var denoised = new Mat();
        CvXPhoto.Bm3dDenoising(luma8, denoised, (float)options.DenoiseStrength);
        int width = reflectance.Cols;
        Parallel.For(0, reflectance.Rows, y =>
        {
            var before = (byte*)luma8.Ptr(y);
            var after = (byte*)denoised.Ptr(y);
            var row = (float*)reflectance.Ptr(y);
            for (int x = 0; x < width; x++)
            {
                float shift = (after[x] - before[x]) / 255f * (1f - illumination[y * width + x]);
                for (int c = 3 * x; c < 3 * x + 3; c++) row[c] = Math.Clamp(row[c] + shift, 0f, 1f);
            }
        });
    }
}
