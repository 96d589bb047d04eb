using Lumos.Evaluation;
using Lumos.Measures;

namespace Lumos.Charts;

/// <summary>Bar charts of an evaluation (ScottPlot): per dataset, one per ranked measure and one of runtime, a bar per method.</summary>
public static class EvalCharts
{
    /// <summary>The charts of <paramref name="result"/> as (file name, PNG bytes); pass it to <see cref="EvalReport.Write"/>.</summary>
    public static IReadOnlyList<(string Name, byte[] Png)> Render(EvalResult result, IReadOnlyList<SummaryCell> summary)
    {
        var charts = new List<(string, byte[])>();
        var ranked = result.Measures.Where(m => m.Goal != MeasureGoal.None).Select(m => m.Name).Append(EvalSummary.Runtime).ToArray();
        var methods = result.Methods.Select(m => m.Name).ToArray();
        var palette = new ScottPlot.Palettes.Category20();
        foreach (var dataset in result.Datasets.Select(d => d.Name))
            foreach (var measure in ranked)
            {
                var bars = methods
                    .Select((method, i) => (Index: i, Cell: summary.FirstOrDefault(c => c.Dataset == dataset && c.Method == method && c.Measure == measure)))
                    .Where(b => b.Cell is not null && double.IsFinite(b.Cell.Mean))
                    .Select(b => new ScottPlot.Bar
                    {
                        Position = b.Index, Value = b.Cell!.Mean, Error = b.Cell.Std,
                        FillColor = palette.GetColor(b.Index), Label = EvalReport.Number(b.Cell.Mean),
                    }).ToList();
                if (bars.Count == 0) continue;
                var plot = new ScottPlot.Plot();
                plot.Add.Bars(bars).ValueLabelStyle.FontSize = 10;
                plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                    methods.Select((m, i) => new ScottPlot.Tick(i, m)).ToArray());
                plot.Axes.Bottom.TickLabelStyle.Rotation = methods.Length > 6 ? 45 : 0;
                plot.Axes.Bottom.TickLabelStyle.Alignment = methods.Length > 6 ? ScottPlot.Alignment.MiddleLeft : ScottPlot.Alignment.UpperCenter;
                plot.Axes.Margins(bottom: 0);
                var what = measure == EvalSummary.Runtime ? "runtime, ms per megapixel (lower is better)" : $"{measure} (mean ± std)";
                plot.Title($"{dataset}: {what}");
                var name = $"{Slug(dataset)}-{(measure == EvalSummary.Runtime ? "runtime" : measure)}.png";
                charts.Add((name, plot.GetImageBytes(Math.Max(640, 70 * bars.Count), 440, ScottPlot.ImageFormat.Png)));
            }
        return charts;
    }

    private static string Slug(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
}
