using Lumos.Imaging;
using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Tests.Processing;

public sealed class TilerTests
{
    /// <summary>A (2r+1)² box mean with zero padding: receptive radius r, like a stack of convolutions.</summary>
    private static PlanarImage BoxMean(PlanarImage x, int r)
    {
        var y = new PlanarImage(x.Channels, x.Height, x.Width);
        for (int c = 0; c < x.Channels; c++)
            for (int i = 0; i < x.Height; i++)
                for (int j = 0; j < x.Width; j++)
                {
                    double sum = 0;
                    for (int di = -r; di <= r; di++)
                        for (int dj = -r; dj <= r; dj++)
                            if (i + di >= 0 && i + di < x.Height && j + dj >= 0 && j + dj < x.Width)
                                sum += x.Data[c * x.Area + (i + di) * x.Width + j + dj];
                    y.Data[c * y.Area + i * y.Width + j] = (float)(sum / ((2 * r + 1) * (2 * r + 1)));
                }
        return y;
    }

    /// <summary>Nearest-neighbour ×2 followed by a radius-1 box mean.</summary>
    private static PlanarImage Upscale2(PlanarImage x)
    {
        var big = new PlanarImage(x.Channels, 2 * x.Height, 2 * x.Width);
        for (int c = 0; c < x.Channels; c++)
            for (int i = 0; i < big.Height; i++)
                for (int j = 0; j < big.Width; j++)
                    big.Data[c * big.Area + i * big.Width + j] = x.Data[c * x.Area + i / 2 * x.Width + j / 2];
        return BoxMean(big, 1);
    }

    private static PlanarImage Random(int channels, int height, int width, int seed)
    {
        var random = new Random(seed);
        var image = new PlanarImage(channels, height, width);
        for (int i = 0; i < image.Data.Length; i++) image.Data[i] = random.NextSingle();
        return image;
    }

    private static double MaxDifference(PlanarImage a, PlanarImage b) => a.Data.Zip(b.Data, (x, y) => Math.Abs(x - (double)y)).Max();

    [Fact]
    public void Tiled_equals_untiled_when_the_receptive_field_is_within_the_overlaps_guard()
    {
        var input = Random(3, 100, 150, 1);
        var untiled = BoxMean(input, 7);
        int calls = 0;
        var tiled = Tiler.Run(x => { calls++; return BoxMean(x, 7); }, input, new TilingPlan(70, 32, 1024, 1200));
        Assert.True(calls >= 6, $"{calls} tiles");
        Assert.Equal((3, 100, 150), (tiled.Channels, tiled.Height, tiled.Width));
        Assert.True(MaxDifference(untiled, tiled) < 1e-5, $"max difference {MaxDifference(untiled, tiled)}");
    }

    /// <summary>An operation that sees the grid: each pixel is the mean of its aligned 4×4 block (a stride-4 encoder's coarsest level).</summary>
    private static PlanarImage BlockMean(PlanarImage x)
    {
        var output = new PlanarImage(x.Channels, x.Height, x.Width);
        for (int c = 0; c < x.Channels; c++)
            for (int y = 0; y < x.Height; y++)
                for (int col = 0; col < x.Width; col++)
                {
                    int y0 = y / 4 * 4, x0 = col / 4 * 4, n = 0;
                    double sum = 0;
                    for (int v = y0; v < Math.Min(y0 + 4, x.Height); v++)
                        for (int u = x0; u < Math.Min(x0 + 4, x.Width); u++) { sum += x.Plane(c)[v * x.Width + u]; n++; }
                    output.Plane(c)[y * x.Width + col] = (float)(sum / n);
                }
        return output;
    }

    [Fact]
    public void Aligned_tiles_keep_a_grid_dependent_operation_seamless_where_unaligned_ones_do_not()
    {
        // 103 × 150 with tiles of 70: unaligned, the last tiles start at 33 and 80, off the 4-pixel grid.
        var input = Random(1, 103, 150, 5);
        var whole = BlockMean(input);
        var aligned = Tiler.Run(BlockMean, input, new TilingPlan(70, 32, 1024, 1200, Align: 4));
        var unaligned = Tiler.Run(BlockMean, input, new TilingPlan(70, 32, 1024, 1200));
        Assert.True(MaxDifference(whole, aligned) < 1e-5, $"max difference {MaxDifference(whole, aligned)}");
        Assert.True(MaxDifference(whole, unaligned) > 1e-2);
    }

    [Fact]
    public void Row_bands_start_on_multiples_of_eight_so_a_strided_net_sees_the_whole_image_grid()
    {
        // Each output row holds its row index within the band modulo 8, as a stride-8 pooling level "sees" it: the
        // banded image equals the whole one only when every band (with its margin) starts on the whole image's grid.
        // Margin 3 and 13-row bands, neither a multiple of 8, are rounded up to 8 and 16.
        static Mat GridPhase(Mat band)
        {
            int rows = band.Rows, cols = band.Cols;
            var values = new byte[rows * cols];
            for (int i = 0; i < values.Length; i++) values[i] = (byte)(i / cols % 8);
            return Mat.FromPixelData(rows, cols, MatType.CV_8UC1, values).Clone();
        }
        using var image = new Mat(100, 5, MatType.CV_8UC1, Scalar.All(0));
        using var whole = GridPhase(image);
        int bands = 0;
        using var banded = Tiler.RunBands(band => { bands++; return GridPhase(band); }, image, 1, margin: 3, bandPixels: 5 * 13);
        Assert.Equal(7, bands); // ⌈100 / 16⌉
        Assert.Equal(0, Cv2.Norm(whole, banded, NormTypes.INF));
    }

    [Fact]
    public void A_too_small_overlap_shows_seams()
    {
        var input = Random(3, 100, 150, 2);
        var tiled = Tiler.Run(x => BoxMean(x, 7), input, new TilingPlan(40, 8, 1024, 1200));
        Assert.True(MaxDifference(BoxMean(input, 7), tiled) > 1e-3);
    }

    [Fact]
    public void Odd_sizes_keep_their_shape_with_and_without_tiles()
    {
        var input = Random(3, 37, 53, 3);
        var reports = new List<double>();
        PlanarImage tiled;
        using (ImageProgress.Track(reports.Add)) tiled = Tiler.Run(x => BoxMean(x, 1), input, new TilingPlan(20, 8, 1024, 1200));
        Assert.Equal((37, 53), (tiled.Height, tiled.Width));
        var whole = Tiler.Run(x => BoxMean(x, 1), input, new TilingPlan(0, 8, 1024, 1200));
        Assert.Equal((37, 53), (whole.Height, whole.Width));
        Assert.True(reports.Count >= 4);
        Assert.Equal(Enumerable.Range(1, reports.Count).Select(i => (double)i / reports.Count), reports); // one report per tile, in order
    }

    [Fact]
    public void A_scale_factor_makes_output_tiles_scale_times_the_input_tiles()
    {
        var input = Random(1, 45, 61, 4);
        var untiled = Tiler.Run(Upscale2, input, new TilingPlan(0, 16, 1024, 100, Scale: 2));
        var tiled = Tiler.Run(Upscale2, input, new TilingPlan(36, 16, 1024, 100, Scale: 2));
        Assert.Equal((1, 90, 122), (tiled.Channels, tiled.Height, tiled.Width));
        Assert.True(MaxDifference(untiled, tiled) < 1e-5);
    }

    [Fact]
    public void An_operation_that_returns_the_wrong_size_is_refused_with_a_message()
    {
        var input = Random(1, 40, 40, 5);
        var error = Assert.Throws<LumosException>(() => Tiler.Run(x => BoxMean(x, 1), input, new TilingPlan(20, 8, 1024, 100, Scale: 2)));
        Assert.Contains("not ×2", error.Message);
    }

    [Fact]
    public void Cancellation_stops_between_tiles()
    {
        using var cancel = new CancellationTokenSource();
        int calls = 0;
        Assert.Throws<OperationCanceledException>(() => Tiler.Run(x => { if (++calls == 2) cancel.Cancel(); return x; },
            Random(1, 100, 100, 6), new TilingPlan(30, 8, 1024, 100), cancellation: cancel.Token));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void The_tile_side_follows_the_memory_budget()
    {
        var plan = new TilingPlan(0, 32, 1, 100);
        Assert.Equal(102, plan.TileSide(4000, 3000)); // √(1 MiB / 100 B)
        Assert.Equal(90, plan.TileSide(90, 60)); // fits: one tile
        Assert.Equal(256, (plan with { Tile = 256 }).TileSide(4000, 3000));
        Assert.Equal(65, (plan with { Tile = 10 }).TileSide(4000, 3000)); // at least twice the overlap
    }
}
