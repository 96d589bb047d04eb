using static TorchSharp.torch;

namespace Lumos.Nets.Inference;

/// <summary>How <see cref="TiledInference"/> cuts an image.</summary>
/// <param name="Tile">Tile side in input pixels; 0 = choose from <paramref name="MaxMemoryMiB"/>.</param>
/// <param name="Overlap">Overlap of neighbouring tiles in input pixels; its outer quarter gets zero weight, so it must be at least 4× the net's receptive-field radius for seamless output.</param>
/// <param name="MaxMemoryMiB">Memory budget of one tile's forward pass.</param>
/// <param name="BytesPerPixel">The net's peak working memory per input pixel (activations), measured or estimated.</param>
/// <param name="Scale">Output pixels per input pixel along each axis (1 for enhancement, 2–4 for super-resolution).</param>
public sealed record TilingPlan(int Tile, int Overlap, double MaxMemoryMiB, double BytesPerPixel, int Scale = 1)
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
/// Runs an image-to-image net on an image of any size with bounded memory: overlapping tiles, each weighted by a
/// raised-cosine window and the sum normalised by the summed weights. A tile edge inside the image gets zero
/// weight over the outer quarter of the overlap (where the net sees the tile's zero padding instead of the
/// neighbouring pixels), then ramps up, so a net whose receptive field is within that quarter matches untiled
/// inference to float rounding. Tiles run under <c>no_grad</c> in their own dispose scope.
/// </summary>
public static class TiledInference
{
    /// <summary>Runs <paramref name="net"/> on a 1×C×H×W tensor, tile by tile.</summary>
    /// <param name="net">The net's forward pass (1×C×h×w → 1×C'×(scale·h)×(scale·w)).</param>
    /// <param name="input">The whole image.</param>
    /// <param name="plan">Tile size, overlap, memory budget and scale.</param>
    /// <param name="progress">Called with (tiles done, tiles in all) after each tile.</param>
    /// <returns>The 1×C'×(scale·H)×(scale·W) output.</returns>
    public static Tensor Run(Func<Tensor, Tensor> net, Tensor input, TilingPlan plan, Action<int, int>? progress = null)
    {
        using var noGrad = no_grad();
        int height = (int)input.shape[2], width = (int)input.shape[3], s = plan.Scale;
        int side = plan.TileSide(height, width);
        var ys = Starts(height, side, plan.Overlap);
        var xs = Starts(width, side, plan.Overlap);
        int total = ys.Length * xs.Length;
        if (total == 1)
        {
            var whole = net(input);
            progress?.Invoke(1, 1);
            return whole;
        }

        Tensor? sum = null;
        var weightSum = zeros(1, 1, (long)height * s, (long)width * s);
        int done = 0;
        foreach (int y in ys)
            foreach (int x in xs)
            {
                using var scope = NewDisposeScope();
                int h = Math.Min(side, height - y), w = Math.Min(side, width - x);
                var output = net(input.narrow(2, y, h).narrow(3, x, w));
                sum ??= zeros(1, output.shape[1], (long)height * s, (long)width * s).MoveToOuterDisposeScope();
                var wy = Window(h * s, plan.Overlap * s, y > 0, y + h < height).view(1, 1, -1, 1);
                var wx = Window(w * s, plan.Overlap * s, x > 0, x + w < width).view(1, 1, 1, -1);
                var weight = wy * wx;
                sum.narrow(2, (long)y * s, h * s).narrow(3, (long)x * s, w * s).add_(output * weight);
                weightSum.narrow(2, (long)y * s, h * s).narrow(3, (long)x * s, w * s).add_(weight);
                progress?.Invoke(++done, total);
            }
        using (weightSum)
            return sum!.div_(weightSum);
    }

    /// <summary>Tile origins along one axis: a stride of side − overlap, the last tile flush with the end.</summary>
    private static int[] Starts(int length, int side, int overlap)
    {
        if (length <= side) return [0];
        int stride = side - overlap;
        var starts = new List<int>();
        for (int start = 0; start + side < length; start += stride) starts.Add(start);
        starts.Add(length - side);
        return [.. starts];
    }

    /// <summary>
    /// Blending weights along one tile axis: at an inner edge, 0 over the first overlap/4, a raised cosine over
    /// the next overlap/2, then 1; at an image edge, 1 throughout.
    /// </summary>
    private static Tensor Window(int length, int overlap, bool rampStart, bool rampEnd)
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
        return tensor(weights);

        double Ramp(int distance) => distance < guard ? 0 : distance >= guard + ramp ? 1 : 0.5 - 0.5 * Math.Cos(Math.PI * (distance - guard + 0.5) / ramp);
    }
}
