using Lumos.Imaging;
using Lumos.Measures;

namespace Lumos.Charts;

/// <summary>A luma histogram as a PNG bar chart: one bar per 8-bit level.</summary>
public static class HistogramChart
{
    /// <summary>Draws <paramref name="histogram"/> titled "Luma histogram: <paramref name="title"/>" and writes it to <paramref name="path"/>.</summary>
    /// <exception cref="LumosException">A usage error when <paramref name="path"/> is not a .png file; the guard's refusals.</exception>
    public static void Write(Histogram histogram, string path, string title, OutputGuard guard, bool overwrite)
    {
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            throw LumosException.Usage($"{path}: the histogram plot must be a .png file");
        var plot = new ScottPlot.Plot();
        var bars = plot.Add.Bars(histogram.Counts.Select(c => (double)c).ToArray());
        bars.Color = ScottPlot.Colors.SteelBlue;
        foreach (var bar in bars.Bars) { bar.Size = 1; bar.LineWidth = 0; }
        plot.Title($"Luma histogram: {title}");
        plot.XLabel("luma level (8-bit)");
        plot.YLabel("pixels");
        plot.Axes.SetLimitsX(-1, 256);
        plot.Axes.Margins(bottom: 0);
        ChartFile.Write(plot, path, guard, overwrite);
    }
}
