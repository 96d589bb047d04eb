namespace Lumos.Nets.Training;

/// <summary>
/// A run's training loss, kept to at most <see cref="MaxPoints"/> points however long the run: each point is the mean
/// loss of <see cref="Stride"/> consecutive steps, and when the points would pass the cap, neighbours are averaged in
/// pairs and the stride doubles. A 60,000-step run thus records about 1,900 means of 32 steps, not 60,000 losses that
/// made a checkpoint's metadata forty times the size of its weights.
/// </summary>
internal sealed class LossHistory
{
    /// <summary>The most points kept; a plot needs no more.</summary>
    public const int MaxPoints = 2048;

    private readonly List<double> means = [];
    private double pendingSum;
    private int pendingCount;

    /// <summary>Steps per point (a power of two; the last point may cover fewer).</summary>
    public int Stride { get; private set; } = 1;

    /// <summary>The loss of the latest step (NaN before the first).</summary>
    public double Last { get; private set; } = double.NaN;

    /// <summary>The points: the means of the full blocks of <see cref="Stride"/> steps, then that of the partial block, if any.</summary>
    public List<double> Points => pendingCount > 0 ? [.. means, pendingSum / pendingCount] : [.. means];

    /// <summary>Continues a history saved as <paramref name="points"/> of <paramref name="stride"/> steps after <paramref name="steps"/>
    /// steps whose latest loss was <paramref name="last"/> (a partial last block is taken back at its mean).</summary>
    public static LossHistory Restore(IReadOnlyList<double> points, int stride, long steps, double last)
    {
        var history = new LossHistory { Stride = Math.Max(1, stride), Last = last };
        int full = (int)Math.Min(points.Count, steps / history.Stride);
        history.means.AddRange(points.Take(full));
        if (points.Count > full)
        {
            history.pendingCount = (int)(steps - (long)full * history.Stride);
            history.pendingSum = points[full] * history.pendingCount;
        }
        history.Compact();
        return history;
    }

    /// <summary>Records the loss of the next step.</summary>
    public void Add(double loss)
    {
        Last = loss;
        pendingSum += loss;
        if (++pendingCount < Stride) return;
        means.Add(pendingSum / pendingCount);
        pendingSum = 0;
        pendingCount = 0;
        Compact();
    }

    /// <summary>Averages neighbouring points in pairs until the points fit <see cref="MaxPoints"/>.</summary>
    private void Compact()
    {
        while (means.Count + (pendingCount > 0 ? 1 : 0) > MaxPoints)
        {
            if (means.Count % 2 == 1)
            {
                // The odd block out joins the partial one; both were shorter than the doubled stride together.
                pendingSum += means[^1] * Stride;
                pendingCount += Stride;
                means.RemoveAt(means.Count - 1);
            }
            for (int i = 0; i < means.Count / 2; i++) means[i] = (means[2 * i] + means[2 * i + 1]) / 2;
            means.RemoveRange(means.Count / 2, means.Count / 2);
            Stride *= 2;
        }
    }
}
