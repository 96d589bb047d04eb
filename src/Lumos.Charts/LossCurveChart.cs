using Lumos.Imaging;

namespace Lumos.Charts;

/// <summary>A training loss curve as a PNG line chart: loss against step.</summary>
public static class LossCurveChart
{
    /// <summary>Draws <paramref name="curve"/> (the loss of steps 1, 2, …) titled <paramref name="title"/> and writes it to <paramref name="path"/>.</summary>
    public static void Write(IReadOnlyList<double> curve, string path, string title, OutputGuard guard, bool overwrite)
    {
        var plot = new ScottPlot.Plot();
        plot.Add.Scatter(Enumerable.Range(1, curve.Count).Select(i => (double)i).ToArray(), curve.ToArray());
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss");
        ChartFile.Write(plot, path, guard, overwrite);
    }
}
