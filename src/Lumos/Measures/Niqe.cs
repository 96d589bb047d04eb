using System.Globalization;
using Lumos.Imaging;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>
/// NIQE, the Natural Image Quality Evaluator: the distance between a multivariate Gaussian fitted to natural-scene
/// statistics of the image's 96×96 patches and one fitted to pristine natural images. Lower is better: roughly 2–5 for
/// good photographs (2.4 for samples/chelsea.jpg, 4.0 for samples/coffee.jpg), higher for noisy, blurred or badly enhanced ones.
/// </summary>
/// <remarks>
/// <para>Follows the official MATLAB release (computequality.m) step by step: the grey image is MATLAB's
/// <c>double(rgb2gray(uint8 RGB))</c>, rounded to whole levels on [0, 255] (16-bit input is scaled to that range
/// first, so it scores as its 8-bit version: the model was trained on 8-bit quantised images), cropped to a
/// multiple of 96; MSCN coefficients use a normalised 7×7 Gaussian window (σ = 7/6, replicated border) and C = 1;
/// each patch gives 18 features per scale (AGGD fits of the MSCN and of its horizontal, vertical and diagonal
/// circularly shifted products); the second scale is MATLAB's bicubic <c>imresize(·, 0.5)</c>
/// (<see cref="MatlabResize"/>) with 48×48 patches. Every patch of the test image is used (the 0.75 sharpness
/// selection only built the pristine model). Patches with an undefined feature (a flat patch) are skipped in the
/// covariance and per feature in the mean, like MATLAB's nancov / nanmean.</para>
/// <para>One deliberate departure: an MSCN numerator |I − μ| below 1e-9 (on the 0–255 scale) is set to exactly 0,
/// its value in exact arithmetic. Otherwise flat regions, common in dark images, would feed floating-point
/// round-off, whose signs the AGGD fit counts, into the score.</para>
/// <para>The pristine model (embedded niqe_pristine_model.txt) is modelparameters.mat of the release, ©2011 The
/// University of Texas at Austin, used under its notice: acknowledge LIVE (http://live.ece.utexas.edu) and CPS, and
/// cite A. Mittal, R. Soundararajan and A. C. Bovik, "NIQE Software Release",
/// http://live.ece.utexas.edu/research/quality/niqe.zip, 2012, and the paper below. The full notice is in that file.</para>
/// </remarks>
[Registered("niqe", "Natural Image Quality Evaluator, no-reference (lower is better)",
    Citation = "Mittal, Soundararajan & Bovik, Making a \"Completely Blind\" Image Quality Analyzer, IEEE SPL 20(3), 2013; " +
               "pristine model from the NIQE Software Release, LIVE, UT Austin, 2012")]
public sealed class Niqe : IImageMeasure
{
    /// <summary>Patch side at the first scale, as the pristine model was trained.</summary>
    public const int PatchSize = 96;

    private const int FeaturesPerScale = 18, Scales = 2, FeatureCount = FeaturesPerScale * Scales;
    private const double FlatThreshold = 1e-9;

    // circshift offsets [rows cols]: horizontal, vertical, main-diagonal and secondary-diagonal neighbours.
    private static readonly (int Dy, int Dx)[] Shifts = [(0, 1), (1, 0), (1, 1), (1, -1)];

    private readonly double[] pristineMean;
    private readonly double[,] pristineCovariance;

    /// <inheritdoc />
    public MeasureGoal Goal => MeasureGoal.Lower;

    /// <summary>Loads the embedded pristine model.</summary>
    public Niqe() => (pristineMean, pristineCovariance) = LoadPristineModel();

    /// <inheritdoc />
    /// <exception cref="LumosException">The image holds fewer than two whole 96×96 patches, or fewer than two patches have texture.</exception>
    public double Measure(Mat image)
    {
        int patchRows = image.Rows / PatchSize, patchCols = image.Cols / PatchSize, patches = patchRows * patchCols;
        if (patches < 2)
            throw new LumosException(
                $"NIQE needs at least two {PatchSize}×{PatchSize} patches; a {image.Cols}×{image.Rows} image has {patches}");
        var features = new double[patches, FeatureCount];
        var grey = GreyOnEightBitScale(image, patchRows * PatchSize, patchCols * PatchSize);
        try
        {
            for (int scale = 0; scale < Scales; scale++)
            {
                using (var mscn = Mscn(grey))
                    PatchFeatures(mscn, PatchSize >> scale, patchCols, features, scale * FeaturesPerScale);
                if (scale + 1 < Scales)
                {
                    var half = MatlabResize.Bicubic(grey, 0.5);
                    grey.Dispose();
                    grey = half;
                }
            }
        }
        finally { grey.Dispose(); }
        return Distance(features);
    }

    /// <summary>MATLAB's double(rgb2gray(uint8)) on [0, 255], cropped to the top-left rows × cols.</summary>
    private static Mat GreyOnEightBitScale(Mat image, int rows, int cols)
    {
        using var kept = new Mat(image, new Rect(0, 0, cols, rows));
        using var bgr = MeasureInput.Bgr8Scale(kept);
        return ColourSpace.MatlabGrey(bgr);
    }

    /// <summary>Mean-subtracted contrast-normalised coefficients (I − μ) / (σ + 1), computequality.m's structdis.</summary>
    private static unsafe Mat Mscn(Mat grey)
    {
        using var kernel = GaussianWindow();
        using var squares = new Mat(grey.Size(), MatType.CV_64FC1);
        var mscn = new Mat(grey.Size(), MatType.CV_64FC1);
        int rows = grey.Rows, cols = grey.Cols, bands = Math.Min(rows, 4 * Environment.ProcessorCount);
        Rect Band(int b) => new(0, rows * b / bands, cols, rows * (b + 1) / bands - rows * b / bands);
        Parallel.For(0, bands, b =>
        {
            using var g = new Mat(grey, Band(b));
            using var sq = new Mat(squares, Band(b));
            Cv2.Multiply(g, g, sq);
        });
        // OpenCV filters a band (an ROI) reading its parent's rows beyond it, so bands in parallel equal one whole-image filter.
        Parallel.For(0, bands, b =>
        {
            var band = Band(b);
            using var g = new Mat(grey, band);
            using var sq = new Mat(squares, band);
            using var mu = new Mat();
            using var muSquares = new Mat();
            Cv2.SepFilter2D(g, mu, MatType.CV_64F, kernel, kernel, borderType: BorderTypes.Replicate);
            Cv2.SepFilter2D(sq, muSquares, MatType.CV_64F, kernel, kernel, borderType: BorderTypes.Replicate);
            for (int y = 0; y < band.Height; y++)
            {
                var gy = (double*)g.Ptr(y);
                var m = (double*)mu.Ptr(y);
                var m2 = (double*)muSquares.Ptr(y);
                var o = (double*)mscn.Ptr(band.Y + y);
                for (int x = 0; x < cols; x++)
                {
                    double centred = gy[x] - m[x];
                    if (Math.Abs(centred) < FlatThreshold) centred = 0;
                    o[x] = centred / (Math.Sqrt(Math.Abs(m2[x] - m[x] * m[x])) + 1);
                }
            }
        });
        return mscn;
    }

    /// <summary>fspecial('gaussian', 7, 7/6) normalised, as its separable 1-D factor.</summary>
    private static Mat GaussianWindow()
    {
        var taps = new double[7];
        for (int i = 0; i < 7; i++) taps[i] = Math.Exp(-(i - 3) * (i - 3) / (2 * (7.0 / 6) * (7.0 / 6)));
        double sum = taps.Sum();
        var window = new Mat(1, 7, MatType.CV_64FC1);
        for (int i = 0; i < 7; i++) window.Set(0, i, taps[i] / sum);
        return window;
    }

    /// <summary>computefeature.m for every size × size patch of <paramref name="mscn"/>, into columns offset.. of <paramref name="features"/>.</summary>
    private static unsafe void PatchFeatures(Mat mscn, int size, int patchCols, double[,] features, int offset)
    {
        Parallel.For(0, features.GetLength(0), () => (Patch: new double[size * size], Pair: new double[size * size]), (p, _, buffers) =>
        {
            var (patch, pair) = buffers;
            int top = p / patchCols * size, left = p % patchCols * size;
            for (int y = 0; y < size; y++)
                new ReadOnlySpan<double>((double*)mscn.Ptr(top + y) + left, size).CopyTo(patch.AsSpan(y * size, size));

            var (shape, l, r) = GeneralizedGaussian.FitAsymmetric(patch);
            features[p, offset] = shape;
            features[p, offset + 1] = (l + r) / 2;
            for (int s = 0; s < Shifts.Length; s++)
            {
                var (dy, dx) = Shifts[s];
                for (int y = 0; y < size; y++)
                {
                    var row = patch.AsSpan(y * size, size);
                    var shifted = patch.AsSpan((y - dy + size) % size * size, size);
                    var product = pair.AsSpan(y * size, size);
                    // Circular shift by dx ∈ {−1, 0, 1} within the row: one sample wraps around.
                    int from = Math.Max(dx, 0), to = size + Math.Min(dx, 0);
                    for (int x = from; x < to; x++) product[x] = row[x] * shifted[x - dx];
                    if (dx == 1) product[0] = row[0] * shifted[size - 1];
                    else if (dx == -1) product[size - 1] = row[size - 1] * shifted[0];
                }
                (shape, l, r) = GeneralizedGaussian.FitAsymmetric(pair);
                int f = offset + 2 + 4 * s;
                features[p, f] = shape;
                features[p, f + 1] = (r - l) * GeneralizedGaussian.Gamma(2 / shape) / GeneralizedGaussian.Gamma(1 / shape);
                features[p, f + 2] = l; // the scales βl, βr themselves, as computefeature.m (BRISQUE uses variances)
                features[p, f + 3] = r;
            }
            return buffers;
        }, _ => { });
    }

    /// <summary>√(dᵀ pinv((Σp + Σ)/2) d), d = μp − μ, with μ = nanmean and Σ = nancov of the patch features.</summary>
    private double Distance(double[,] features)
    {
        int n = features.GetLength(0);
        var complete = Enumerable.Range(0, n).Where(p => Enumerable.Range(0, FeatureCount).All(f => !double.IsNaN(features[p, f]))).ToArray();
        if (complete.Length < 2)
            throw new LumosException($"NIQE is undefined: only {complete.Length} of {n} patches have texture (the image is flat)");

        var mean = new double[FeatureCount];
        for (int f = 0; f < FeatureCount; f++)
        {
            double sum = 0;
            int count = 0;
            for (int p = 0; p < n; p++)
                if (!double.IsNaN(features[p, f])) { sum += features[p, f]; count++; }
            mean[f] = sum / count;
        }

        var completeMean = new double[FeatureCount];
        foreach (int p in complete)
            for (int f = 0; f < FeatureCount; f++) completeMean[f] += features[p, f] / complete.Length;
        using var pooled = new Mat(FeatureCount, FeatureCount, MatType.CV_64FC1);
        for (int i = 0; i < FeatureCount; i++)
            for (int j = 0; j < FeatureCount; j++)
            {
                double c = 0;
                foreach (int p in complete) c += (features[p, i] - completeMean[i]) * (features[p, j] - completeMean[j]);
                pooled.Set(i, j, (pristineCovariance[i, j] + c / (complete.Length - 1)) / 2);
            }
        using var inverse = new Mat();
        Cv2.Invert(pooled, inverse, DecompTypes.SVD); // the pseudo-inverse, as MATLAB's pinv

        double quadratic = 0;
        for (int i = 0; i < FeatureCount; i++)
            for (int j = 0; j < FeatureCount; j++)
                quadratic += (pristineMean[i] - mean[i]) * inverse.At<double>(i, j) * (pristineMean[j] - mean[j]);
        return Math.Sqrt(quadratic);
    }

    private static (double[] Mean, double[,] Covariance) LoadPristineModel()
    {
        const string name = "Lumos.Measures.niqe_pristine_model.txt";
        using var stream = typeof(Niqe).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing");
        using var reader = new StreamReader(stream);
        var rows = reader.ReadToEnd().Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        if (rows.Length != FeatureCount + 1 || rows.Any(r => r.Length != FeatureCount))
            throw new InvalidOperationException($"embedded resource {name} is not a {FeatureCount}-feature model");
        var covariance = new double[FeatureCount, FeatureCount];
        for (int i = 0; i < FeatureCount; i++)
            for (int j = 0; j < FeatureCount; j++) covariance[i, j] = rows[i + 1][j];
        return (rows[0], covariance);
    }
}
