using System.Runtime.Intrinsics;
using OpenCvSharp;

namespace Lumos.Imaging;

/// <summary>
/// Simplest colour balance (Limare, Lisani, Morel, Petro &amp; Sbert, IPOL 2011): per channel, saturate a given
/// percentage of the darkest and of the brightest values, then stretch the rest affinely onto [0, 1].
/// </summary>
public static class SimplestColourBalance
{
    private const int Bins = 4096;
    private static readonly int Lanes = Vector256<float>.Count;

    /// <summary>
    /// Stretches each channel of a CV_32F image onto [0, 1], clipping <paramref name="lowPercent"/> % of its
    /// samples at 0 and <paramref name="highPercent"/> % at 1. Quantiles are read from a 4096-bin histogram,
    /// so they are exact to 1/4096 of the channel's value range.
    /// </summary>
    /// <param name="values">Values on any scale, any channel count; not modified unless it is <paramref name="destination"/>.</param>
    /// <param name="destination">
    /// Receives the result at its own depth: [0, 1] for CV_32F, the full range for 8/16 bits (rounded and
    /// saturated as <see cref="Mat.ConvertTo"/> does, so the unit image is never stored). An empty Mat becomes
    /// CV_32F; one of another size or channel count is reallocated. It may be <paramref name="values"/> itself.
    /// </param>
    /// <param name="lowPercent">Share of samples saturated to 0, in percent.</param>
    /// <param name="highPercent">Share of samples saturated to 1, in percent.</param>
    /// <param name="minSpread">When a channel's kept values span less than this, it carries no contrast worth
    /// stretching (e.g. rounding noise of a constant image) and becomes a constant 0.5, or <paramref name="flatSource"/>'s channel.</param>
    /// <param name="limits">
    /// Gets the stretch limits found, [from₀, to₀, from₁, to₁, …] per channel, and returns the ones to use (a video
    /// smooths them over frames); null uses the found ones.
    /// </param>
    /// <param name="flatSource">
    /// Where a channel carries no contrast, that channel of this image (the method's input, at the destination's
    /// size, channels and depth) is copied instead of a constant 0.5: a Retinex of a black or empty channel has no
    /// detail to show, and the input's own level is the honest output (a black frame stays black). Null keeps 0.5.
    /// </param>
    public static void Apply(Mat values, Mat destination, double lowPercent, double highPercent, double minSpread, Func<double[], double[]>? limits = null,
        Mat? flatSource = null)
    {
        if (values.Depth() != MatType.CV_32F || values.Channels() > Lanes)
            throw new ArgumentException($"simplest colour balance needs a CV_32F image of at most {Lanes} channels", nameof(values));
        var image = new Interleaved(values);
        var (min, max) = MinMax(image);
        var counts = Histogram(image, min, max);

        var found = new double[2 * image.Channels];
        double total = (double)image.Rows * values.Cols;
        for (int c = 0; c < image.Channels; c++)
        {
            var hist = counts.AsSpan(c * Bins, Bins);
            int low = 0, high = Bins - 1;
            for (double below = hist[0]; below <= total * lowPercent / 100 && low < Bins - 1; below += hist[++low]) { }
            for (double above = hist[Bins - 1]; above <= total * highPercent / 100 && high > 0; above += hist[--high]) { }
            double step = BinWidth(min[c], max[c]);
            (found[2 * c], found[2 * c + 1]) = (min[c] + low * step, min[c] + (high + 1) * step);
        }
        var used = limits?.Invoke(found) ?? found;
        var scale = new float[image.Channels];
        var offset = new float[image.Channels];
        var flat = new bool[image.Channels];
        for (int c = 0; c < image.Channels; c++)
        {
            double from = used[2 * c], to = used[2 * c + 1];
            flat[c] = max[c] - min[c] < minSpread || to - from < minSpread;
            if (flat[c]) (scale[c], offset[c]) = (0, 0.5f);
            else (scale[c], offset[c]) = ((float)(1 / (to - from)), (float)(-from / (to - from)));
        }
        Stretch(image, scale, offset, values, destination);
        if (flatSource is null || !flat.Contains(true)) return;
        if (flatSource.Size() != destination.Size() || flatSource.Type() != destination.Type())
            throw new ArgumentException("the flat source must have the destination's size and type", nameof(flatSource));
        for (int c = 0; c < flat.Length; c++)
            if (flat[c]) Cv2.MixChannels([flatSource], [destination], [c, c]);
    }

    /// <summary>A hair over range/bins, so that the largest value falls in the last bin, not past it.</summary>
    private static double BinWidth(float min, float max) => Math.Max((max - (double)min) * (1 + 1e-5), 1e-30) / Bins;

    private static unsafe (float[] Min, float[] Max) MinMax(Interleaved image)
    {
        var min = Enumerable.Repeat(float.PositiveInfinity, image.Channels).ToArray();
        var max = Enumerable.Repeat(float.NegativeInfinity, image.Channels).ToArray();
        var gate = new object();
        Parallel.For(0, image.Rows,
            () => (Min: Enumerable.Repeat(Vector256.Create(float.PositiveInfinity), image.Group).ToArray(),
                   Max: Enumerable.Repeat(Vector256.Create(float.NegativeInfinity), image.Group).ToArray()),
            (y, _, local) =>
            {
                var row = image.Row(y);
                int i = 0;
                for (; i + image.Block <= row.Length; i += image.Block)
                    for (int a = 0; a < image.Group; a++)
                    {
                        var v = Vector256.Create(row[(i + a * Lanes)..]);
                        local.Min[a] = Vector256.Min(local.Min[a], v);
                        local.Max[a] = Vector256.Max(local.Max[a], v);
                    }
                // The tail starts on a pixel boundary (a block is whole pixels); lane c of vector 0 holds channel c.
                for (int c = 0; i < row.Length; i++, c = (c + 1) % image.Channels)
                {
                    local.Min[0] = local.Min[0].WithElement(c, MathF.Min(local.Min[0][c], row[i]));
                    local.Max[0] = local.Max[0].WithElement(c, MathF.Max(local.Max[0][c], row[i]));
                }
                return local;
            },
            local =>
            {
                lock (gate)
                    for (int a = 0; a < image.Group; a++)
                        for (int j = 0; j < Lanes; j++)
                        {
                            int c = (a * Lanes + j) % image.Channels;
                            min[c] = MathF.Min(min[c], local.Min[a][j]);
                            max[c] = MathF.Max(max[c], local.Max[a][j]);
                        }
            });
        return (min, max);
    }

    private static long[] Histogram(Interleaved image, float[] min, float[] max)
    {
        var start = image.Pattern(c => min[c]);
        var perBin = image.Pattern(c => (float)(1 / BinWidth(min[c], max[c])));
        var first = image.Pattern(c => c * Bins);
        var counts = new long[image.Channels * Bins];
        var gate = new object();
        Parallel.For(0, image.Rows, () => new long[counts.Length], (y, _, local) =>
        {
            var row = image.Row(y);
            Span<int> bins = stackalloc int[Lanes];
            var last = Vector256.Create(Bins - 1);
            int i = 0;
            for (; i + image.Block <= row.Length; i += image.Block)
                for (int a = 0; a < image.Group; a++)
                {
                    var bin = Vector256.ConvertToInt32((Vector256.Create(row[(i + a * Lanes)..]) - start[a]) * perBin[a]);
                    (Vector256.Min(bin, last) + first[a]).CopyTo(bins);
                    foreach (int b in bins) local[b]++;
                }
            for (int c = 0; i < row.Length; i++, c = (c + 1) % image.Channels)
                local[c * Bins + Math.Min((int)((row[i] - start[0][c]) * perBin[0][c]), Bins - 1)]++;
            return local;
        }, local => { lock (gate) for (int i = 0; i < counts.Length; i++) counts[i] += local[i]; });
        return counts;
    }

    private static void Stretch(Interleaved image, float[] scale, float[] offset, Mat values, Mat destination)
    {
        var type = MatType.MakeType(destination.Empty() ? MatType.CV_32F : destination.Depth(), image.Channels);
        LargeBuffers.Ensure(destination, values.Size(), type);
        var scales = image.Pattern(c => scale[c]);
        var offsets = image.Pattern(c => offset[c]);
        int length = image.Length;
        Pixels.WriteUnitBands(destination, (first, rows, unit) =>
        {
            for (int y = first; y < first + rows; y++)
            {
                var row = image.Row(y);
                var dst = unit.Slice((y - first) * length, length);
                int i = 0;
                for (; i + image.Block <= length; i += image.Block)
                    for (int a = 0; a < image.Group; a++)
                    {
                        var v = Vector256.Create(row[(i + a * Lanes)..]) * scales[a] + offsets[a];
                        Vector256.Min(Vector256.Max(v, Vector256<float>.Zero), Vector256<float>.One).CopyTo(dst[(i + a * Lanes)..]);
                    }
                for (int c = 0; i < length; i++, c = (c + 1) % image.Channels)
                    dst[i] = Math.Clamp(row[i] * scale[c] + offset[c], 0f, 1f);
            }
        });
    }

    /// <summary>
    /// Rows of an interleaved CV_32F image read in blocks of <see cref="Group"/> vectors, a whole number of
    /// pixels, so lane j of the a-th vector of every block holds channel (a·lanes + j) mod channels.
    /// </summary>
    private readonly struct Interleaved(Mat image)
    {
        public readonly int Channels = image.Channels(), Rows = image.Rows, Length = image.Cols * image.Channels();
        public readonly int Group = image.Channels() / Gcd(Lanes, image.Channels());

        public int Block => Group * Lanes;

        public unsafe ReadOnlySpan<float> Row(int y) => new((void*)image.Ptr(y), Length);

        /// <summary>One vector per group position whose lanes hold <paramref name="value"/> of their channel.</summary>
        public Vector256<T>[] Pattern<T>(Func<int, T> value) where T : struct
        {
            var result = new Vector256<T>[Group];
            var lanes = new T[Lanes];
            for (int a = 0; a < Group; a++)
            {
                for (int j = 0; j < Lanes; j++) lanes[j] = value((a * Lanes + j) % Channels);
                result[a] = Vector256.Create(lanes);
            }
            return result;
        }

        private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
    }
}
