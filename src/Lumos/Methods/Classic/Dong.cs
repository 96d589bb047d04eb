using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Processing;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Options of <see cref="Dong"/>; defaults follow Dong et al. 2011.</summary>
public sealed record DongOptions
{
    /// <summary>Haze-removal strength ω of t = 1 − ω·dark(R/A).</summary>
    [Description("haze-removal strength omega of t = 1 - omega * dark(R/A)"), Range(0.0, 1.0)]
    public double Omega { get; init; } = 0.8;

    /// <summary>Side of the square patch Ω of the dark channel (min filter), in pixels; 7 as in published Dong implementations.</summary>
    [Description("side of the dark-channel patch (min filter), pixels"), Range(1, 255)]
    public int Patch { get; init; } = 7;

    /// <summary>How many pixels with the brightest dark channel are candidates for the atmospheric light A.</summary>
    [Description("candidates for the atmospheric light: pixels with the brightest dark channel"), Range(1, 10_000_000)]
    public int AtmosphericPixels { get; init; } = 100;

    /// <summary>Dong's P(x): where t &lt; 0.5 the transmission becomes P·t = 2t², brightening dark areas more.</summary>
    [Description("Dong's P(x) = 2t where t < 0.5 (transmission 2t^2 there): brightens dark areas more")]
    public bool Boost { get; init; } = true;

    /// <summary>Lower bound of the transmission the inverted image is divided by.</summary>
    [Description("lower bound of the transmission"), Range(0.001, 1.0)]
    public double MinTransmission { get; init; } = 0.05;

    /// <summary>Refine the transmission with a guided filter (He et al. 2013) guided by the input's luma, as in He et al.'s dehazing.</summary>
    [Description("refine the transmission with a guided filter guided by luma")]
    public bool Guided { get; init; }

    /// <summary>Window radius of the guided filter, in pixels.</summary>
    [Description("guided-filter window radius, pixels"), Range(1, 1000)]
    public int GuidedRadius { get; init; } = 30;

    /// <summary>Regularisation ε of the guided filter (unit-range luma).</summary>
    [Description("guided-filter regularisation epsilon"), Range(1e-8, 1.0)]
    public double GuidedEps { get; init; } = 1e-3;
}

/// <summary>
/// Dong et al.: a low-light image, inverted (R = 1 − I), looks hazy; dehaze R with the dark channel prior
/// (He et al. 2009) and invert back. J = (R − A)/(P·t) + A with t = 1 − ω·min_Ω min_c R^c/A^c and
/// P = 2t where t &lt; 0.5, else 1, so dark areas are divided by 2t². A is the candidate with the largest
/// R sum among the 100 pixels with the brightest dark channel; ω = 0.8 (Dong et al., §2–3).
/// </summary>
[Registered("dong", "dehaze the inverted image (dark channel prior)",
    Citation = "Dong et al., Fast efficient algorithm for enhancement of low lighting video, ICME 2011")]
public sealed class Dong(DongOptions options) : FrameStatisticsMethod
{
    /// <inheritdoc />
    /// <remarks>The statistics are the atmospheric light A of the inverted frame, per B, G, R in unit range.</remarks>
    public override void Apply(Mat bgr, Mat destination, Func<double[], double[]> statistics) => Dehaze(bgr, statistics(Airlight(bgr)), destination);

    /// <summary>The atmospheric light A of the inverted frame, per B, G, R in unit range.</summary>
    private double[] Airlight(Mat bgr)
    {
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(options.Patch, options.Patch));
        // dark(R) = min_Ω min_c (max − I^c) = max − (max_Ω max_c I^c): found on the input, at its own depth.
        using var brightest = new Mat();
        using (var channelMax = Pixels.ChannelMax(bgr)) Cv2.Dilate(channelMax, brightest, kernel);
        return Airlight(bgr, brightest, Pixels.MaxValue(bgr));
    }

    /// <summary>Dehazes the inverted frame with the atmospheric light <paramref name="statistics"/> into <paramref name="destination"/>.</summary>
    private void Dehaze(Mat bgr, double[] statistics, Mat destination)
    {
        double max = Pixels.MaxValue(bgr);
        LargeBuffers.EnsureOutput(destination, bgr);
        if (!options.Guided)
        {
            // Transmission and recovery band by band: the dark channel's erosion needs only Patch/2 rows around a band.
            ForEachBand(bgr, (first, end, transmission) =>
            {
                Transmission(bgr, statistics, max, first, end, transmission);
                Recover(bgr, transmission, first, statistics, max, destination);
            });
            return;
        }
        using var whole = new Mat(bgr.Size(), MatType.CV_32FC1);
        ForEachBand(bgr, (first, end, transmission) =>
        {
            Transmission(bgr, statistics, max, first, end, transmission);
            using var rows = whole.RowRange(first, end);
            transmission.CopyTo(rows);
        });
        using var luma = ColourSpace.Luma(bgr);
        using var guide = Pixels.ToUnitFloat(luma);
        // Coefficients on a grid of step r/8 (fast guided filter): the window keeps 8+ samples per radius.
        using var refined = GuidedFilter.Apply(guide, whole, options.GuidedRadius, options.GuidedEps, options.GuidedRadius / 8);
        Recover(bgr, refined, 0, statistics, max, destination);
    }

    /// <summary>
    /// Runs <paramref name="work"/>(first row, end row, transmission scratch) on bands of rows in parallel: ~64 K
    /// pixels, and at least four patches tall so the rows the erosion adds either side stay a small share.
    /// </summary>
    private void ForEachBand(Mat bgr, Action<int, int, Mat> work)
    {
        int rows = bgr.Rows, band = Math.Max(4 * options.Patch, BandPixels / bgr.Cols);
        Parallel.For(0, (rows + band - 1) / band, () => new Mat(), (b, _, transmission) =>
        {
            work(b * band, Math.Min(rows, (b + 1) * band), transmission);
            return transmission;
        }, transmission => transmission.Dispose());
    }

    /// <summary>
    /// t = 1 − ω·min_Ω min_c R^c/A^c for rows [<paramref name="first"/>, <paramref name="end"/>) into
    /// <paramref name="transmission"/>: the ratio is computed for Patch/2 more rows either side, so the erosion of
    /// the band's rows is that of the whole map (outside the image the erosion's border is +∞, as in the whole map).
    /// </summary>
    private void Transmission(Mat bgr, double[] airlight, double max, int first, int end, Mat transmission)
    {
        int reach = options.Patch / 2;
        int from = Math.Max(0, first - reach), to = Math.Min(bgr.Rows, end + reach);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(options.Patch, options.Patch));
        using var ratio = MinRatio(bgr, from, to, airlight, max);
        using var eroded = new Mat();
        Cv2.Erode(ratio, eroded, kernel);
        using var rows = eroded.RowRange(first - from, end - from);
        rows.ConvertTo(transmission, MatType.CV_32F, -options.Omega, 1.0);
    }

    /// <summary>
    /// A in unit range per B, G, R: among the pixels with the brightest dark(R), i.e. the least dilated
    /// max of I, the one with the largest R sum (least I sum); ties at the cut go in raster order.
    /// </summary>
    private double[] Airlight(Mat bgr, Mat brightest, double max)
    {
        var histogram = brightest.Depth() == MatType.CV_8U ? LevelCounts.Of8Bit(brightest) : LevelCounts.Of16Bit(brightest);
        long wanted = Math.Min(options.AtmosphericPixels, (long)bgr.Rows * bgr.Cols);
        int cut = 0;
        long below = 0;
        while (below + histogram[cut] < wanted) below += histogram[cut++];
        var pixel = bgr.Depth() == MatType.CV_8U
            ? LeastSum<byte>(bgr, brightest, cut, wanted - below)
            : LeastSum<ushort>(bgr, brightest, cut, wanted - below);
        // A = 1 − I there; kept off zero so that R/A stays finite for a saturated channel.
        return pixel.Select(v => Math.Max(1 - v / max, 1e-6)).ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe double[] LeastSum<T>(Mat bgr, Mat brightest, int cut, long atCut) where T : unmanaged, INumber<T>
    {
        int rows = bgr.Rows, cols = bgr.Cols;
        double bestSum = double.MaxValue;
        var best = new double[3];
        T zero = T.Zero, top = T.CreateTruncating(cut);
        for (int y = 0; y < rows; y++)
        {
            var level = new ReadOnlySpan<T>((void*)brightest.Ptr(y), cols);
            var src = new ReadOnlySpan<T>((void*)bgr.Ptr(y), 3 * cols);
            // Candidates (level ≤ cut) are a few hundred pixels: a vectorised search skips to each in raster order.
            for (int x = level.IndexOfAnyInRange(zero, top); x >= 0;)
            {
                if (int.CreateTruncating(level[x]) < cut || atCut-- > 0)
                {
                    double b = double.CreateTruncating(src[3 * x]), g = double.CreateTruncating(src[3 * x + 1]), r = double.CreateTruncating(src[3 * x + 2]);
                    if (b + g + r < bestSum) { bestSum = b + g + r; best = [b, g, r]; }
                }
                int next = level[(x + 1)..].IndexOfAnyInRange(zero, top);
                x = next < 0 ? -1 : x + 1 + next;
            }
        }
        return best;
    }

    /// <summary>min_c R^c/A^c per pixel of rows [<paramref name="from"/>, <paramref name="to"/>), as CV_32F.</summary>
    private static Mat MinRatio(Mat bgr, int from, int to, double[] airlight, double max) =>
        bgr.Depth() == MatType.CV_16U ? MinRatio<ushort>(bgr, from, to, airlight, max) : MinRatio<byte>(bgr, from, to, airlight, max);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe Mat MinRatio<T>(Mat bgr, int from, int to, double[] airlight, double max) where T : unmanaged, INumber<T>
    {
        var result = new Mat(to - from, bgr.Cols, MatType.CV_32FC1);
        int cols = bgr.Cols;
        float top = (float)max, s0 = (float)(1 / (airlight[0] * max)), s1 = (float)(1 / (airlight[1] * max)), s2 = (float)(1 / (airlight[2] * max));
        for (int y = from; y < to; y++)
        {
            var src = new ReadOnlySpan<T>((void*)bgr.Ptr(y), 3 * cols);
            var dst = new Span<float>((void*)result.Ptr(y - from), cols);
            for (int x = 0; x < cols; x++)
            {
                float b = (top - float.CreateTruncating(src[3 * x])) * s0;
                float g = (top - float.CreateTruncating(src[3 * x + 1])) * s1;
                float r = (top - float.CreateTruncating(src[3 * x + 2])) * s2;
                dst[x] = MathF.Min(b, MathF.Min(g, r));
            }
        }
        return result;
    }

    /// <summary>
    /// out = 1 − J with J = (R − A)/(P·t) + A, i.e. (1 − A) − (R − A)/(P·t) with R = 1 − I, in units of the input's
    /// levels, for the rows of <paramref name="transmission"/> from row <paramref name="first"/>. The band goes to
    /// float and back through OpenCV (exact levels in; rounded half to even and saturated out, as
    /// MathF.Round of the clamped value), and the arithmetic runs eight pixels at a time.
    /// </summary>
    private unsafe void Recover(Mat bgr, Mat transmission, int first, double[] airlight, double max, Mat result)
    {
        int rows = transmission.Rows, cols = bgr.Cols;
        using var levels = new Mat();
        using (var source = bgr.RowRange(first, first + rows)) source.ConvertTo(levels, MatType.CV_32FC3);
        float top = (float)max;
        var hazeFree = airlight.Select(a => top * (1 - (float)a)).ToArray();
        // Eight interleaved B, G, R pixels fill three vectors: channel pattern and pixel index per lane.
        var pattern = new Vector256<float>[3];
        var pixel = new Vector256<int>[3];
        for (int j = 0; j < 3; j++)
        {
            pattern[j] = Vector256.Create(Enumerable.Range(8 * j, 8).Select(i => hazeFree[i % 3]).ToArray());
            pixel[j] = Vector256.Create(Enumerable.Range(8 * j, 8).Select(i => i / 3).ToArray());
        }
        var half = Vector256.Create(0.5f);
        var floor = Vector256.Create((float)options.MinTransmission);
        for (int row = 0; row < rows; row++)
        {
            var t = new ReadOnlySpan<float>((void*)transmission.Ptr(row), cols);
            var level = new Span<float>((void*)levels.Ptr(row), 3 * cols);
            int x = 0;
            for (; x + 8 <= cols; x += 8)
            {
                var tx = Vector256.Create(t[x..]);
                if (options.Boost) tx = Vector256.ConditionalSelect(Vector256.LessThan(tx, half), tx * (2 * tx), tx);
                var inverse = Vector256<float>.One / Vector256.Max(tx, floor);
                for (int j = 0; j < 3; j++)
                {
                    var v = Vector256.Create(level[(3 * x + 8 * j)..]);
                    (pattern[j] - (pattern[j] - v) * Vector256.Shuffle(inverse, pixel[j])).CopyTo(level[(3 * x + 8 * j)..]);
                }
            }
            for (; x < cols; x++)
            {
                float tx = t[x];
                if (options.Boost && tx < 0.5f) tx *= 2 * tx;
                float inverse = 1 / MathF.Max(tx, (float)options.MinTransmission);
                for (int c = 0; c < 3; c++) level[3 * x + c] = hazeFree[c] - (hazeFree[c] - level[3 * x + c]) * inverse;
            }
        }
        using var target = result.RowRange(first, first + rows);
        levels.ConvertTo(target, target.Type());
    }

    // A band of ~64 K pixels keeps its ratio, erosion and transmission rows in L2.
    private const int BandPixels = 1 << 16;
}
