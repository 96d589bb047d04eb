using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.SuperResolution;

/// <summary>Shape of the blur kernel k of <see cref="Degradation"/>.</summary>
public enum BlurKind
{
    /// <summary>No blur: the classic bicubic ("BI") degradation.</summary>
    None,
    /// <summary>Isotropic Gaussian, σ drawn from [<see cref="DegradationOptions.BlurSigmaMin"/>, <see cref="DegradationOptions.BlurSigmaMax"/>].</summary>
    Isotropic,
    /// <summary>Anisotropic Gaussian: σx and σy drawn independently from that range, rotated by an angle drawn from [−π, π].</summary>
    Anisotropic,
}

/// <summary>
/// Options of <see cref="Degradation"/>. Each random parameter is drawn uniformly from its range per image;
/// set min = max for a fixed value. The defaults are the plain bicubic ×4 degradation; the ranges follow
/// BasicSR's Real-ESRGAN first-order settings where they apply.
/// </summary>
public sealed record DegradationOptions
{
    /// <summary>Downscale factor s.</summary>
    [Description("downscale factor s"), Range(1, 16)]
    public int Scale { get; init; } = 4;

    /// <summary>Blur kernel shape.</summary>
    [Description("blur kernel: none, isotropic or anisotropic Gaussian")]
    public BlurKind Blur { get; init; } = BlurKind.None;

    /// <summary>Side of the square blur kernel in HR pixels (odd).</summary>
    [Description("blur kernel side in pixels (odd)"), Range(3, 51)]
    public int KernelSize { get; init; } = 21;

    /// <summary>Smallest Gaussian σ in HR pixels.</summary>
    [Description("smallest blur sigma in HR pixels"), Range(0.1, 20.0)]
    public double BlurSigmaMin { get; init; } = 0.2;

    /// <summary>Largest Gaussian σ in HR pixels.</summary>
    [Description("largest blur sigma in HR pixels"), Range(0.1, 20.0)]
    public double BlurSigmaMax { get; init; } = 3.0;

    /// <summary>Smallest noise σ on the 8-bit scale (0–255, also for 16-bit images).</summary>
    [Description("smallest Gaussian noise sigma on the 0-255 scale"), Range(0.0, 255.0)]
    public double NoiseSigmaMin { get; init; }

    /// <summary>Largest noise σ on the 8-bit scale; 0 with <see cref="NoiseSigmaMin"/> 0 adds no noise.</summary>
    [Description("largest Gaussian noise sigma on the 0-255 scale (0: no noise)"), Range(0.0, 255.0)]
    public double NoiseSigmaMax { get; init; }

    /// <summary>Lowest JPEG quality; 0 (with <see cref="JpegQualityMax"/> 0) skips the JPEG step.</summary>
    [Description("lowest JPEG quality (0: no JPEG)"), Range(0, 100)]
    public int JpegQualityMin { get; init; }

    /// <summary>Highest JPEG quality.</summary>
    [Description("highest JPEG quality (0: no JPEG)"), Range(0, 100)]
    public int JpegQualityMax { get; init; }
}

/// <summary>
/// The super-resolution degradation y = (x ⊗ k)↓s + n (seed §4.1; BasicSR / SRMD), then optional JPEG, made
/// of the same bricks as the literature: Gaussian kernel k (BasicSR's bivariate Gaussian, reflect-101 border
/// as cv2.filter2D), MATLAB bicubic ↓s with antialiasing (<see cref="MatlabResize"/>), additive white Gaussian
/// noise n, and an OpenCV JPEG round trip. Every step returns the image at its bit depth (rounded and
/// saturated), as SRMD's MATLAB scripts on uint8 do, so the no-blur, no-noise case is exactly
/// <c>imresize(x, 1/s)</c>. All randomness comes from the caller's <see cref="Random"/>: one seed, one pair.
/// </summary>
public sealed class Degradation
{
    private readonly DegradationOptions options;

    /// <summary>Checks the options.</summary>
    /// <exception cref="LumosException">A range is reversed, the kernel side is even, or the scale is below 1.</exception>
    public Degradation(DegradationOptions options)
    {
        if (options.Scale < 1) throw new LumosException($"degradation scale must be at least 1, got {options.Scale}");
        if (options.KernelSize < 1 || options.KernelSize % 2 == 0)
            throw new LumosException($"blur kernel side must be odd, got {options.KernelSize}");
        if (!(options.BlurSigmaMin > 0) || options.BlurSigmaMin > options.BlurSigmaMax)
            throw new LumosException($"blur sigma range [{options.BlurSigmaMin}, {options.BlurSigmaMax}] must be positive and ordered");
        if (options.NoiseSigmaMin < 0 || options.NoiseSigmaMin > options.NoiseSigmaMax)
            throw new LumosException($"noise sigma range [{options.NoiseSigmaMin}, {options.NoiseSigmaMax}] must be non-negative and ordered");
        if (options.JpegQualityMin < 0 || options.JpegQualityMin > options.JpegQualityMax || options.JpegQualityMax > 100)
            throw new LumosException($"JPEG quality range [{options.JpegQualityMin}, {options.JpegQualityMax}] must be ordered within 0-100");
        this.options = options;
    }

    /// <summary>The options in use.</summary>
    public DegradationOptions Options => options;

    /// <summary>The top-left part of <paramref name="image"/> whose sides are multiples of <paramref name="scale"/> (MATLAB's modcrop); shares its data.</summary>
    /// <exception cref="LumosException">The image is smaller than the scale.</exception>
    public static Mat CropToMultiple(Mat image, int scale)
    {
        int width = image.Width / scale * scale, height = image.Height / scale * scale;
        if (width == 0 || height == 0)
            throw new LumosException($"a {image.Width}×{image.Height} image is smaller than the scale {scale}");
        return new Mat(image, new Rect(0, 0, width, height));
    }

    /// <summary>Makes a training pair from a high-resolution image.</summary>
    /// <param name="hr">An 8/16-bit image (any channel count); never modified.</param>
    /// <param name="random">Source of every random draw.</param>
    /// <returns>The HR image cropped to a multiple of the scale (a copy) and its degraded LR image, s times smaller.</returns>
    public (Mat Hr, Mat Lr) Pair(Mat hr, Random random)
    {
        using var cropped = CropToMultiple(hr, options.Scale);
        var target = cropped.Clone();
        return (target, Degrade(target, random));
    }

    /// <summary>Degrades an image whose sides are multiples of the scale.</summary>
    /// <param name="hr">An 8/16-bit image (any channel count); never modified.</param>
    /// <param name="random">Source of every random draw.</param>
    /// <returns>A new image of the same type, s times smaller.</returns>
    /// <exception cref="LumosException">The image is not 8/16-bit or its sides are not multiples of the scale.</exception>
    public Mat Degrade(Mat hr, Random random)
    {
        if (hr.Depth() is not (MatType.CV_8U or MatType.CV_16U))
            throw new LumosException($"degradation needs an 8- or 16-bit image, got {hr.Type()}");
        int s = options.Scale;
        if (hr.Width % s != 0 || hr.Height % s != 0)
            throw new LumosException($"a {hr.Width}×{hr.Height} image is not a multiple of the scale {s}: crop it first (Degradation.CropToMultiple)");

        using var blurred = Blur(hr, random);
        var lr = MatlabResize.Bicubic(blurred, new Size(hr.Width / s, hr.Height / s));
        lr = Replace(lr, AddNoise(lr, random));
        return Replace(lr, Jpeg(lr, random));
    }

    /// <summary>
    /// A normalised bivariate Gaussian kernel exp(−½ pᵀ Σ⁻¹ p), Σ = R(θ) diag(σx², σy²) R(θ)ᵀ, on a
    /// <paramref name="size"/>×<paramref name="size"/> grid centred on the middle pixel (BasicSR's bivariate_Gaussian).
    /// </summary>
    public static Mat GaussianKernel(int size, double sigmaX, double sigmaY, double theta)
    {
        double c = Math.Cos(theta), s = Math.Sin(theta);
        // Σ⁻¹ = R diag(1/σx², 1/σy²) Rᵀ.
        double ix = 1 / (sigmaX * sigmaX), iy = 1 / (sigmaY * sigmaY);
        double a = c * c * ix + s * s * iy, b = c * s * (ix - iy), d = s * s * ix + c * c * iy;
        var kernel = new Mat(size, size, MatType.CV_64FC1);
        int half = size / 2;
        double sum = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double px = x - half, py = y - half;
                double v = Math.Exp(-0.5 * (a * px * px + 2 * b * px * py + d * py * py));
                kernel.Set(y, x, v);
                sum += v;
            }
        kernel /= sum;
        return kernel;
    }

    private Mat Blur(Mat hr, Random random)
    {
        if (options.Blur == BlurKind.None) return hr.Clone();
        double sigmaX = Uniform(random, options.BlurSigmaMin, options.BlurSigmaMax);
        double sigmaY = sigmaX, theta = 0;
        if (options.Blur == BlurKind.Anisotropic)
        {
            sigmaY = Uniform(random, options.BlurSigmaMin, options.BlurSigmaMax);
            theta = Uniform(random, -Math.PI, Math.PI);
        }
        using var kernel = GaussianKernel(options.KernelSize, sigmaX, sigmaY, theta);
        var blurred = new Mat();
        Cv2.Filter2D(hr, blurred, -1, kernel, borderType: BorderTypes.Reflect101);
        return blurred;
    }

    private unsafe Mat? AddNoise(Mat lr, Random random)
    {
        if (options.NoiseSigmaMax == 0) return null;
        double sigma = Uniform(random, options.NoiseSigmaMin, options.NoiseSigmaMax) * Pixels.MaxValue(lr) / 255;
        using var noisy = new Mat();
        lr.ConvertTo(noisy, MatType.MakeType(MatType.CV_64F, lr.Channels()));
        // Sequential draws (Box–Muller) keep the noise a function of the seed alone.
        int width = lr.Cols * lr.Channels(), rows = lr.Rows;
        for (int y = 0; y < rows; y++)
        {
            var row = new Span<double>((double*)noisy.Ptr(y), width);
            for (int x = 0; x < width; x++) row[x] += sigma * Normal(random);
        }
        var result = new Mat();
        noisy.ConvertTo(result, lr.Type());
        return result;
    }

    private Mat? Jpeg(Mat lr, Random random)
    {
        if (options.JpegQualityMax == 0) return null;
        if (lr.Channels() == 4) throw new LumosException("the JPEG step needs a grey or colour image without alpha");
        int quality = random.Next(Math.Max(1, options.JpegQualityMin), options.JpegQualityMax + 1);
        bool wide = lr.Depth() == MatType.CV_16U;
        using var eight = new Mat();
        // JPEG holds 8 bits: 16-bit images take the round trip at 8 bits and come back scaled.
        lr.ConvertTo(eight, MatType.MakeType(MatType.CV_8U, lr.Channels()), wide ? 255.0 / 65535 : 1);
        Cv2.ImEncode(".jpg", eight, out var bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        using var decoded = Cv2.ImDecode(bytes, ImreadModes.Unchanged);
        var result = new Mat();
        decoded.ConvertTo(result, lr.Type(), wide ? 65535.0 / 255 : 1);
        return result;
    }

    private static Mat Replace(Mat old, Mat? replacement)
    {
        if (replacement is null) return old;
        old.Dispose();
        return replacement;
    }

    private static double Uniform(Random random, double min, double max) => min + (max - min) * random.NextDouble();

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
