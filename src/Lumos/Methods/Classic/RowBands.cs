namespace Lumos.Methods.Classic;

/// <summary>
/// Deterministic parallel sums over the rows of a map: the rows are cut into bands, each band's work runs in
/// parallel, and the partial sums are added in band order, so the total does not depend on thread timing.
/// </summary>
internal static class RowBands
{
    /// <summary>Runs <paramref name="work"/>(first row, end row) on each band in parallel and sums its results in band order.</summary>
    public static double Sum(int height, Func<int, int, double> work)
    {
        int bands = Count(height);
        var partial = new double[bands];
        Parallel.For(0, bands, b => partial[b] = work(b * height / bands, (b + 1) * height / bands));
        double sum = 0;
        foreach (var v in partial) sum += v;
        return sum;
    }

    /// <summary>As <see cref="Sum"/> for work that yields two sums.</summary>
    public static (double First, double Second) SumPairs(int height, Func<int, int, (double, double)> work)
    {
        int bands = Count(height);
        var partial = new (double First, double Second)[bands];
        Parallel.For(0, bands, b => partial[b] = work(b * height / bands, (b + 1) * height / bands));
        double first = 0, second = 0;
        foreach (var (a, b) in partial)
        {
            first += a;
            second += b;
        }
        return (first, second);
    }

    // Four bands per core balance uneven rows; never more bands than rows.
    private static int Count(int height) => Math.Min(height, Environment.ProcessorCount * 4);
}
