using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>
/// CLAHE in two halves, so a video can smooth what lies between them: <see cref="Tables"/> gives every tile's clipped,
/// equalizing lookup table (Zuiderveld 1994), <see cref="Interpolate"/> blends the four nearest tiles' tables
/// bilinearly at each pixel. Both follow OpenCV's <c>CLAHE_Impl</c> step by step (the padding of a size that does not
/// divide into tiles, the integer clip limit, redistribution of the excess with its residual, the float table
/// scale and rounding, the float blend), so with unchanged tables the result equals <c>cv::CLAHE::apply</c> exactly.
/// </summary>
internal static class ClaheTiles
{
    /// <summary>The tiles' tables, tile by tile in row order, each with one entry per level (256 or 65536).</summary>
    public static double[] Tables(Mat plane, int tiles, double clipLimit)
    {
        int levels = Levels(plane);
        using var padded = Padded(plane, tiles);
        int tileWidth = padded.Cols / tiles, tileHeight = padded.Rows / tiles, area = tileWidth * tileHeight;
        int clip = clipLimit > 0 ? Math.Max((int)(clipLimit * area / levels), 1) : 0;
        float scale = (float)(levels - 1) / area;
        var tables = new double[tiles * tiles * levels];
        Parallel.For(0, tiles * tiles, tile =>
        {
            var histogram = new int[levels];
            using var region = new Mat(padded, new Rect(tile % tiles * tileWidth, tile / tiles * tileHeight, tileWidth, tileHeight));
            Count(region, histogram);
            if (clip > 0) Clip(histogram, clip);
            int sum = 0;
            var table = tables.AsSpan(tile * levels, levels);
            for (int level = 0; level < levels; level++)
            {
                sum += histogram[level];
                table[level] = Math.Min(MathF.Round(sum * scale), levels - 1); // saturate_cast<T>(float): round half to even
            }
        });
        return tables;
    }

    /// <summary>Maps every pixel through the bilinear blend of its four nearest tiles' tables.</summary>
    public static unsafe Mat Interpolate(Mat plane, double[] tables, int tiles)
    {
        int levels = Levels(plane), rows = plane.Rows, cols = plane.Cols;
        var (tileWidth, tileHeight) = TileSize(plane, tiles);
        var table = Array.ConvertAll(tables, v => (float)v);
        float inverseWidth = 1.0f / tileWidth, inverseHeight = 1.0f / tileHeight;
        var (left, right, weight) = (new int[cols], new int[cols], new float[cols]);
        for (int x = 0; x < cols; x++)
        {
            float position = x * inverseWidth - 0.5f;
            int first = (int)MathF.Floor(position);
            weight[x] = position - first;
            left[x] = Math.Max(first, 0) * levels;
            right[x] = Math.Min(first + 1, tiles - 1) * levels;
        }
        var result = new Mat(plane.Size(), plane.Type());
        bool eight = plane.Depth() == MatType.CV_8U;
        Parallel.For(0, rows, y =>
        {
            float position = y * inverseHeight - 0.5f;
            int first = (int)MathF.Floor(position);
            float below = position - first, above = 1.0f - below;
            var upper = table.AsSpan(Math.Max(first, 0) * tiles * levels, tiles * levels);
            var lower = table.AsSpan(Math.Min(first + 1, tiles - 1) * tiles * levels, tiles * levels);
            byte* source = (byte*)plane.Ptr(y), target = (byte*)result.Ptr(y);
            for (int x = 0; x < cols; x++)
            {
                int level = eight ? source[x] : ((ushort*)source)[x];
                float a = weight[x], b = 1.0f - a;
                int i = left[x] + level, j = right[x] + level;
                float value = (upper[i] * b + upper[j] * a) * above + (lower[i] * b + lower[j] * a) * below;
                int rounded = (int)Math.Clamp(MathF.Round(value), 0, levels - 1);
                if (eight) target[x] = (byte)rounded;
                else ((ushort*)target)[x] = (ushort)rounded;
            }
        });
        return result;
    }

    private static int Levels(Mat plane) => plane.Depth() == MatType.CV_8U ? 256 : 65536;

    /// <summary>OpenCV pads a size that does not divide into tiles by reflection, by tiles − (side mod tiles) rows AND
    /// columns (a whole extra tile on a side that did divide), and takes the tile size from the padded image.</summary>
    private static Mat Padded(Mat plane, int tiles)
    {
        if (plane.Cols % tiles == 0 && plane.Rows % tiles == 0) return plane.Clone();
        var padded = new Mat();
        Cv2.CopyMakeBorder(plane, padded, 0, tiles - plane.Rows % tiles, 0, tiles - plane.Cols % tiles, BorderTypes.Reflect101);
        return padded;
    }

    private static (int Width, int Height) TileSize(Mat plane, int tiles) =>
        plane.Cols % tiles == 0 && plane.Rows % tiles == 0
            ? (plane.Cols / tiles, plane.Rows / tiles)
            : ((plane.Cols + tiles - plane.Cols % tiles) / tiles, (plane.Rows + tiles - plane.Rows % tiles) / tiles);

    private static unsafe void Count(Mat region, int[] histogram)
    {
        bool eight = region.Depth() == MatType.CV_8U;
        int rows = region.Rows, cols = region.Cols;
        for (int y = 0; y < rows; y++)
        {
            byte* row = (byte*)region.Ptr(y);
            for (int x = 0; x < cols; x++) histogram[eight ? row[x] : ((ushort*)row)[x]]++;
        }
    }

    /// <summary>Clips bins at the limit and hands the excess back evenly, the remainder one count per step from level 0.</summary>
    private static void Clip(int[] histogram, int limit)
    {
        int clipped = 0;
        for (int i = 0; i < histogram.Length; i++)
            if (histogram[i] > limit) { clipped += histogram[i] - limit; histogram[i] = limit; }
        int batch = clipped / histogram.Length, residual = clipped - batch * histogram.Length;
        for (int i = 0; i < histogram.Length; i++) histogram[i] += batch;
        if (residual == 0) return;
        int step = Math.Max(histogram.Length / residual, 1);
        for (int i = 0; i < histogram.Length && residual > 0; i += step, residual--) histogram[i]++;
    }
}
