using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>How <see cref="Tiler"/> cuts an image.</summary>
/// <param name="Tile">Tile side in input pixels; 0 = choose from <paramref name="MaxMemoryMiB"/>.</param>
/// <param name="Overlap">Overlap of neighbouring tiles in input pixels; its outer quarter gets zero weight, so it must be at least 4× the operation's receptive-field radius for seamless output.</param>
/// <param name="MaxMemoryMiB">Memory budget of one tile's forward pass.</param>
/// <param name="BytesPerPixel">The operation's peak working memory per input pixel, measured or estimated.</param>
/// <param name="Scale">Output pixels per input pixel along each axis (1 for enhancement, 2–4 for super-resolution).</param>
/// <param name="Align">Tiles start at multiples of this (an encoder's total stride, so every tile samples its coarse levels on the whole image's grid); the last tile grows by up to Align − 1 pixels to reach the edge.</param>
public sealed record TilingPlan(int Tile, int Overlap, double MaxMemoryMiB, double BytesPerPixel, int Scale = 1, int Align = 1)
{
    /// <summary>The tile side used for an image of <paramref name="height"/>×<paramref name="width"/>; the whole image when it fits.</summary>
    public int TileSide(int height, int width)
    {
        if (Tile > 0) return Math.Max(Tile, 2 * Overlap + 1);
        double budget = MaxMemoryMiB * 1024 * 1024;
        if ((double)height * width * BytesPerPixel <= budget) return Math.Max(height, width);
        return Math.Max((int)Math.Sqrt(budget / BytesPerPixel), 2 * Overlap + 1);
    }
}

/// <summary>
/// Runs an image-to-image operation on an image of any size with bounded memory, in one of two ways. Integer images
/// through an operation with a known receptive margin (<see cref="RunBands"/>): row bands with that margin of context,
/// cut away afterwards, so the result equals the whole-image run exactly. Nets on planar float images (<see cref="Run"/>):
/// overlapping tiles, each weighted by a raised-cosine window and the sum normalised by the summed weights. A
/// tile edge inside the image gets zero weight over the outer quarter of the overlap (where the operation sees
/// the tile's border instead of the neighbouring pixels), then ramps up, so an operation whose receptive field
/// is within that quarter matches the untiled run to float rounding.
/// </summary>
public static class Tiler
{
    /// <summary>Runs <paramref name="operation"/> on <paramref name="input"/>, tile by tile.</summary>
    /// <param name="operation">One forward pass: C×h×w → C'×(scale·h)×(scale·w).</param>
    /// <param name="input">The whole image.</param>
    /// <param name="plan">Tile size, overlap, memory budget and scale.</param>
    /// <param name="cancellation">Checked between tiles.</param>
    /// <returns>The C'×(scale·H)×(scale·W) output.</returns>
    /// <exception cref="LumosException">A tile's output does not have the planned size.</exception>
    /// <remarks>Each tile is reported to <see cref="ImageProgress"/>.</remarks>
    public static PlanarImage Run(Func<PlanarImage, PlanarImage> operation, PlanarImage input, TilingPlan plan, CancellationToken cancellation = default)
    {
        int height = input.Height, width = input.Width, s = plan.Scale;
        int side = plan.TileSide(height, width);
        var ys = Starts(height, side, plan.Overlap, plan.Align);
        var xs = Starts(width, side, plan.Overlap, plan.Align);
        int total = ys.Length * xs.Length;
        if (total == 1)
        {
            var whole = Checked(operation(input), input.Height, input.Width, s);
            ImageProgress.Report(1, 1);
            return whole;
        }

        PlanarImage? sum = null;
        int outHeight = height * s, outWidth = width * s;
        // The tiles form a grid, so the summed weight at (y, x) is (Σ row windows)(y) · (Σ column windows)(x): two
        // lines instead of a full-size plane.
        var rowWeights = new double[outHeight];
        var columnWeights = new double[outWidth];
        foreach (int y in ys) Accumulate(rowWeights, y * s, Window(Extent(y, ys, height, side) * s, plan.Overlap * s, y > 0, y + Extent(y, ys, height, side) < height));
        foreach (int x in xs) Accumulate(columnWeights, x * s, Window(Extent(x, xs, width, side) * s, plan.Overlap * s, x > 0, x + Extent(x, xs, width, side) < width));
        int done = 0;
        foreach (int y in ys)
            foreach (int x in xs)
            {
                cancellation.ThrowIfCancellationRequested();
                int h = Extent(y, ys, height, side), w = Extent(x, xs, width, side);
                var output = Checked(ImageProgress.InPart(done, total, () => operation(input.Crop(y, x, h, w))), h, w, s);
                sum ??= new PlanarImage(output.Channels, outHeight, outWidth);
                var wy = Window(h * s, plan.Overlap * s, y > 0, y + h < height);
                var wx = Window(w * s, plan.Overlap * s, x > 0, x + w < width);
                for (int row = 0; row < h * s; row++)
                {
                    long target = (long)(y * s + row) * outWidth + x * s;
                    for (int c = 0; c < output.Channels; c++)
                    {
                        var from = output.Data.AsSpan(c * output.Area + row * w * s, w * s);
                        var to = sum.Data.AsSpan((int)(c * (long)sum.Area + target), w * s);
                        for (int col = 0; col < to.Length; col++) to[col] += from[col] * wy[row] * wx[col];
                    }
                }
                ImageProgress.Report(++done, total);
            }
        for (int c = 0; c < sum!.Channels; c++)
        {
            var plane = sum.Plane(c);
            for (int row = 0; row < outHeight; row++)
            {
                var line = plane.Slice(row * outWidth, outWidth);
                for (int col = 0; col < outWidth; col++) line[col] = (float)(line[col] / (rowWeights[row] * columnWeights[col]));
            }
        }
        return sum;
    }

    /// <summary>The row multiple that <see cref="RunBands"/> rounds band heights and margins up to.</summary>
    public const int BandAlignment = 8;

    /// <summary>
    /// Runs <paramref name="operation"/> on horizontal bands of <paramref name="image"/> when its output exceeds
    /// <paramref name="bandPixels"/>: each band gets <paramref name="margin"/> input rows of context on each side,
    /// cut from its output, so the result equals a whole-image run and the working memory is one band's. Bands and
    /// margins are whole multiples of <see cref="BandAlignment"/> rows, so every band's first row is too: a net that
    /// pools by a stride dividing it (Retinex-Net's 8) sees the same grid in a band as in the whole image.
    /// </summary>
    /// <param name="operation">Image → image <paramref name="scale"/> times larger (any channel layout the caller handles).</param>
    /// <param name="image">The whole input; never modified.</param>
    /// <param name="scale">Output side over input side.</param>
    /// <param name="margin">Receptive radius of the operation, in input rows.</param>
    /// <param name="bandPixels">Output pixels per band.</param>
    /// <param name="destination">Receives the output (reallocated only when its size or type differ) and is returned;
    /// null for a new image.</param>
    /// <remarks>Each band is reported to <see cref="ImageProgress"/>.</remarks>
    public static Mat RunBands(Func<Mat, Mat> operation, Mat image, int scale, int margin, long bandPixels, Mat? destination = null)
    {
        margin = AlignUp(margin);
        int bandRows = (int)Math.Clamp(bandPixels / ((long)image.Cols * scale * scale), 1, int.MaxValue - BandAlignment);
        bandRows = AlignUp(Math.Max(bandRows, 2 * margin)); // a band thinner than its margins would repeat most of the work
        int rows = image.Rows;
        if (rows <= bandRows)
        {
            var whole = operation(image);
            if (destination is null) return whole;
            using (whole) whole.CopyTo(destination);
            return destination;
        }

        Mat? result = null;
        int bands = (rows + bandRows - 1) / bandRows;
        try
        {
            for (int top = 0; top < rows; top += bandRows)
            {
                int bottom = Math.Min(rows, top + bandRows);
                int from = Math.Max(0, top - margin), to = Math.Min(rows, bottom + margin);
                using var band = image.RowRange(from, to);
                using var processed = ImageProgress.InPart(top / bandRows, bands, () => operation(band));
                if (result is null)
                {
                    result = destination ?? new Mat();
                    result.Create(rows * scale, image.Cols * scale, processed.Type());
                }
                using var kept = processed.RowRange((top - from) * scale, (bottom - from) * scale);
                using var target = result.RowRange(top * scale, bottom * scale);
                kept.CopyTo(target);
                ImageProgress.Report(top / bandRows + 1, bands);
            }
            return result!;
        }
        catch
        {
            if (destination is null) result?.Dispose();
            throw;
        }
    }

    private static int AlignUp(int rows) => (rows + BandAlignment - 1) / BandAlignment * BandAlignment;

    private static void Accumulate(double[] total, int start, float[] window)
    {
        for (int i = 0; i < window.Length; i++) total[start + i] += window[i];
    }

    private static PlanarImage Checked(PlanarImage output, int height, int width, int scale) =>
        output.Height == height * scale && output.Width == width * scale ? output
            : throw new LumosException($"the model turned a {width}×{height} tile into {output.Width}×{output.Height}, not ×{scale}");

    /// <summary>Tile origins along one axis: a stride of side − overlap, the last tile flush with the end.</summary>
    internal static int[] Starts(int length, int side, int overlap, int align)
    {
        if (length <= side) return [0];
        int stride = Math.Max(align, (side - overlap) / align * align);
        var starts = new List<int>();
        for (int start = 0; start + side < length; start += stride) starts.Add(start);
        int last = (length - side) / align * align;
        if (last > starts[^1]) starts.Add(last);
        return [.. starts];
    }

    /// <summary>A tile's length along one axis: the tile side, except the last tile, which reaches the image's edge.</summary>
    private static int Extent(int start, int[] starts, int length, int side) => start == starts[^1] ? length - start : Math.Min(side, length - start);

    /// <summary>
    /// Blending weights along one tile axis: at an inner edge, 0 over the first overlap/4, a raised cosine over
    /// the next overlap/2, then 1; at an image edge, 1 throughout.
    /// </summary>
    private static float[] Window(int length, int overlap, bool rampStart, bool rampEnd)
    {
        var weights = new float[length];
        int guard = overlap / 4, ramp = Math.Max(overlap - 2 * guard, 1);
        for (int i = 0; i < length; i++)
        {
            double w = 1;
            if (rampStart) w = Math.Min(w, Ramp(i));
            if (rampEnd) w = Math.Min(w, Ramp(length - 1 - i));
            weights[i] = (float)w;
        }
        return weights;

        double Ramp(int distance) => distance < guard ? 0 : distance >= guard + ramp ? 1 : 0.5 - 0.5 * Math.Cos(Math.PI * (distance - guard + 0.5) / ramp);
    }
}
