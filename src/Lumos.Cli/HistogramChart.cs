using Lumos.Imaging;
using Lumos.Measures;

namespace Lumos.Cli;

/// <summary>Draws a luma histogram as a PNG bar chart (ScottPlot) and writes it atomically.</summary>
internal static class HistogramChart
{
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
        guard.Write(path, plot.GetImageBytes(800, 400, ScottPlot.ImageFormat.Png), overwrite);
    }
}
