using Lumos.Measures;

namespace Lumos.Evaluation;

/// <summary>Bar charts of an evaluation (ScottPlot): one per ranked measure and one of runtime, methods side by side per dataset.</summary>
internal static class EvalCharts
{
    public static IReadOnlyList<(string Name, byte[] Png)> Render(EvalResult result, IReadOnlyList<SummaryCell> summary)
    {
        var charts = new List<(string, byte[])>();
        var ranked = result.Measures.Where(m => m.Goal != MeasureGoal.None).Select(m => m.Name).Append(EvalSummary.Runtime);
        foreach (var measure in ranked)
        {
            var cells = summary.Where(c => c.Measure == measure && double.IsFinite(c.Mean)).ToArray();
            if (cells.Length == 0) continue;
            var plot = new ScottPlot.Plot();
            var methods = result.Methods.Select(m => m.Name).ToArray();
            var datasets = result.Datasets.Select(d => d.Name).ToArray();
            var palette = new ScottPlot.Palettes.Category10();
            var bars = new List<ScottPlot.Bar>();
            for (int d = 0; d < datasets.Length; d++)
                for (int m = 0; m < methods.Length; m++)
                {
                    var cell = cells.FirstOrDefault(c => c.Dataset == datasets[d] && c.Method == methods[m]);
                    if (cell is null) continue;
                    bars.Add(new ScottPlot.Bar
                    {
                        Position = d * (methods.Length + 1) + m, Value = cell.Mean, Error = cell.Std,
                        FillColor = palette.GetColor(m), Label = EvalReport.Number(cell.Mean),
                    });
                }
            var barPlot = plot.Add.Bars(bars);
            barPlot.ValueLabelStyle.FontSize = 10;
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                Enumerable.Range(0, datasets.Length).SelectMany(d => Enumerable.Range(0, methods.Length)
                    .Select(m => new ScottPlot.Tick(d * (methods.Length + 1) + m, datasets.Length > 1 ? $"{methods[m]}\n{datasets[d]}" : methods[m]))).ToArray());
            plot.Axes.Margins(bottom: 0);
            plot.Title(measure == EvalSummary.Runtime ? "Runtime (milliseconds per megapixel, lower is better)" : $"{measure} (mean ± std)");
            var name = (measure == EvalSummary.Runtime ? "runtime" : measure) + ".png";
            charts.Add((name, plot.GetImageBytes(Math.Max(640, 90 * bars.Count), 420, ScottPlot.ImageFormat.Png)));
        }
        return charts;
    }
}
