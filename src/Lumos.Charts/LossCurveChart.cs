using Lumos.Imaging;

namespace Lumos.Charts;

/// <summary>Draws a training loss curve, with the validation curve on a right-hand axis where the run had one.</summary>
public static class LossCurveChart
{
    /// <summary>Draws <paramref name="curve"/> (the mean loss of each block of <paramref name="stride"/> steps) titled <paramref name="title"/> and writes it to <paramref name="path"/>.</summary>
    /// <param name="curve">Loss per block of steps.</param>
    /// <param name="stride">Steps per point of <paramref name="curve"/> (1: one point a step).</param>
    /// <param name="path">The PNG to write.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="guard">Checks the output path (never an input) and writes atomically.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <param name="validation">(step, score) of each validation round; null or empty for none.</param>
    /// <param name="validationLabel">What the validation scores measure (the right axis' label).</param>
    public static void Write(IReadOnlyList<double> curve, int stride, string path, string title, OutputGuard guard, bool overwrite,
        IReadOnlyList<(double Step, double Score)>? validation = null, string validationLabel = "validation")
    {
        var plot = new ScottPlot.Plot();
        var loss = plot.Add.Scatter(Enumerable.Range(0, curve.Count).Select(i => i * stride + (stride + 1) / 2.0).ToArray(), curve.ToArray()); // a block's mean sits at its middle step
        loss.LegendText = "training loss";
        loss.MarkerSize = curve.Count > 200 ? 0 : 3;
        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss");
        if (validation is { Count: > 0 })
        {
            var scores = plot.Add.Scatter(validation.Select(v => v.Step).ToArray(), validation.Select(v => v.Score).ToArray());
            scores.Axes.YAxis = plot.Axes.Right;
            scores.LegendText = validationLabel;
            scores.MarkerSize = 5;
            plot.Axes.Right.Label.Text = validationLabel;
            plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        }
        ChartFile.Write(plot, path, guard, overwrite);
    }
}
