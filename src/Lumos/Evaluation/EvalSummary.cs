namespace Lumos.Evaluation;

/// <summary>Mean and sample standard deviation of one measure for one method on one dataset.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Method">Method name.</param>
/// <param name="Measure">Measure name, or <see cref="EvalSummary.Runtime"/> for milliseconds per megapixel.</param>
/// <param name="Mean">Mean over images (+∞ when any value is, e.g. PSNR of an exact result).</param>
/// <param name="Std">Sample standard deviation (n − 1); 0 for one image, NaN (undefined) when the mean is infinite.</param>
/// <param name="Count">Number of images with a value.</param>
public sealed record SummaryCell(string Dataset, string Method, string Measure, double Mean, double Std, int Count);

/// <summary>Aggregates <see cref="EvalRecord"/>s into method × dataset statistics.</summary>
public static class EvalSummary
{
    /// <summary>Pseudo-measure name of the runtime column (milliseconds per megapixel).</summary>
    public const string Runtime = "ms/MP";

    /// <summary>One cell per dataset × method × measure (plus runtime), in run order.</summary>
    public static IReadOnlyList<SummaryCell> Of(EvalResult result)
    {
        var cells = new List<SummaryCell>();
        foreach (var dataset in result.Datasets)
            foreach (var (method, _) in result.Methods)
            {
                var records = result.Records.Where(r => r.Dataset == dataset.Name && r.Method == method).ToArray();
                if (records.Length == 0) continue;
                foreach (var (measure, _) in result.Measures)
                {
                    var values = records.Where(r => r.Values.ContainsKey(measure)).Select(r => r.Values[measure]).ToArray();
                    if (values.Length > 0) cells.Add(Cell(dataset.Name, method, measure, values));
                }
                cells.Add(Cell(dataset.Name, method, Runtime, records.Select(r => r.MillisecondsPerMegapixel).ToArray()));
            }
        return cells;
    }

    private static SummaryCell Cell(string dataset, string method, string measure, double[] values)
    {
        double mean = values.Average();
        double std = values.Length < 2 ? 0 : double.IsInfinity(mean) ? double.NaN
            : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return new SummaryCell(dataset, method, measure, mean, std, values.Length);
    }
}
