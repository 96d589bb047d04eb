using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lumos.Imaging;
using Lumos.Measures;
using Lumos.Registry;

namespace Lumos.Evaluation;

/// <summary>
/// Writes an evaluation's files: <c>results.csv</c> (one row per method × image), <c>results.json</c>
/// (everything, with run metadata), <c>summary.md</c> (mean ± std, best in bold) and a self-contained
/// <c>report.html</c> (summary, charts, thumbnails side by side), plus the chart PNGs under <c>charts/</c>.
/// </summary>
public static partial class EvalReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Run metadata recorded in every report so numbers can be traced and reproduced.</summary>
    /// <param name="Version">Lumos version.</param>
    /// <param name="Date">When the run finished (UTC, ISO 8601).</param>
    /// <param name="Cores">Logical processors of the machine.</param>
    /// <param name="Os">Operating system description.</param>
    /// <param name="CommandLine">How the run was started, when known.</param>
    public sealed record RunInfo(string Version, string Date, int Cores, string Os, string? CommandLine)
    {
        /// <summary>Metadata of the current process and machine.</summary>
        public static RunInfo Current(string? commandLine = null) => new(
            LumosVersion.Current,
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", Invariant), Environment.ProcessorCount,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription, commandLine);
    }

    /// <summary>Draws an evaluation's charts as (file name, PNG bytes); <c>Lumos.Charts.EvalCharts.Render</c> is one.</summary>
    public delegate IReadOnlyList<(string Name, byte[] Png)> ChartRenderer(EvalResult result, IReadOnlyList<SummaryCell> summary);

    /// <summary>Writes all report files into <paramref name="folder"/> (created when missing).</summary>
    /// <param name="result">The evaluation.</param>
    /// <param name="folder">Where the report goes.</param>
    /// <param name="run">Run metadata recorded in the report.</param>
    /// <param name="overwrite">Replace a report already there.</param>
    /// <param name="charts">Draws the charts (the Lumos.Charts package has one); none when null, so the core needs no plotting library.</param>
    /// <exception cref="LumosException">The folder already holds a report and <paramref name="overwrite"/> is false, or a file cannot be written.</exception>
    public static void Write(EvalResult result, string folder, RunInfo run, bool overwrite, ChartRenderer? charts = null)
    {
        if (!overwrite && File.Exists(Path.Combine(folder, "results.csv")))
            throw LumosException.OutputExists($"{folder}: already holds a report");
        var summary = EvalSummary.Of(result);
        var pngs = charts?.Invoke(result, summary) ?? [];
        // The report never replaces a dataset image, whatever the folder is called.
        var images = result.Datasets.SelectMany(d => d.Samples).SelectMany(s => new[] { s.Input, s.GroundTruth }).OfType<string>().ToList();
        var guard = new OutputGuard(images);
        void Save(string name, ReadOnlySpan<byte> bytes) => guard.Write(Path.Combine(folder, name), bytes, overwrite);
        Save("results.csv", Encoding.UTF8.GetBytes(Csv(result)));
        Save("results.json", Encoding.UTF8.GetBytes(Json(result, summary, run)));
        Save("summary.md", Encoding.UTF8.GetBytes(Markdown(result, summary, run)));
        foreach (var (name, png) in pngs) Save(Path.Combine("charts", name), png);
        Save("report.html", Encoding.UTF8.GetBytes(Html(result, summary, pngs, run)));
        // A replaced report keeps none of the old one's charts that the new one has not drawn (never a dataset image).
        var chartFolder = Path.Combine(folder, "charts");
        if (overwrite && Directory.Exists(chartFolder))
        {
            var kept = pngs.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var inputs = images.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
            foreach (var stale in Directory.GetFiles(chartFolder, "*.png").Where(f => !kept.Contains(Path.GetFileName(f)) && !inputs.Contains(Path.GetFullPath(f))))
                File.Delete(stale);
        }
    }

    /// <summary>How the numbers were made, for a reader of the report: the task, and each measure's settings (Y or RGB, border crop).</summary>
    private static IEnumerable<string> Protocol(EvalResult result)
    {
        if (result.Task is not null) yield return $"Task: {result.Task}.";
        var configured = result.Measures.Select(m => (m.Name, Parameters: result.MeasureParameters?.GetValueOrDefault(m.Name)))
            .Where(m => m.Parameters is { Count: > 0 }).ToList();
        if (configured.Count > 0)
            yield return "Measured with: " + string.Join("; ", configured.Select(m => $"{m.Name} ({string.Join(", ", m.Parameters!.Select(p => $"{p.Key}={p.Value}"))})")) + ".";
    }

    /// <summary>"mean ± std", or the mean alone for one image; with "(n = k)" when fewer than the dataset's measured images have a value.</summary>
    private static string CellText(SummaryCell cell, int measured)
    {
        // An infinite mean (PSNR of an exact result) has no spread to state; the spread keeps the mean's decimals.
        var text = cell.Count < 2 || double.IsInfinity(cell.Mean) ? Number(cell.Mean) : $"{Number(cell.Mean)} ± {Number(cell.Std, cell.Mean)}";
        return cell.Count == measured && cell.Count > 1 ? text : $"{text} (n = {cell.Count})";
    }

    /// <summary>How many images of a dataset were measured, and the heading that says so when some were not.</summary>
    private static (int Measured, string Heading) Count(EvalResult result, EvalDataset dataset)
    {
        int measured = result.Records.Where(r => r.Dataset == dataset.Name).Select(r => r.Image).Distinct().Count();
        var counts = measured == dataset.Samples.Count ? $"{measured} images" : $"{dataset.Samples.Count} images, {measured} measured";
        return (measured, $"{dataset.Name} ({counts}{(result.IsPaired(dataset) ? ", paired" : "")})");
    }

    /// <summary>The summary as markdown tables, one per dataset: methods as rows, measures as columns, best in bold.</summary>
    public static string Markdown(EvalResult result, IReadOnlyList<SummaryCell> summary, RunInfo run)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Lumos {run.Version}, {run.Date}, {run.Cores} cores, {run.Os}. Mean ± sample std over images; best in bold (↑ higher is better, ↓ lower).");
        foreach (var line in Protocol(result)) sb.AppendLine().AppendLine(MarkdownText(line));
        foreach (var dataset in result.Datasets)
        {
            var columns = Columns(result, summary, dataset.Name);
            var (measured, heading) = Count(result, dataset);
            sb.AppendLine().AppendLine($"### {MarkdownText(heading)}").AppendLine();
            sb.AppendLine("| method | " + string.Join(" | ", columns.Select(c => c.Name + Arrow(c.Goal))) + " |");
            sb.AppendLine("|---|" + string.Concat(columns.Select(_ => "---:|")));
            foreach (var (method, _) in result.Methods)
            {
                var cells = columns.Select(c =>
                {
                    var cell = Find(summary, dataset.Name, method, c.Name);
                    if (cell is null) return "";
                    var text = CellText(cell, measured);
                    return IsBest(summary, cell, c.Goal) ? $"**{text}**" : text;
                });
                sb.AppendLine($"| {MarkdownText(method)} | {string.Join(" | ", cells)} |");
            }
        }
        return sb.ToString();
    }

    /// <summary>A label as markdown shows it: a <c>|</c> would end the table cell, <c>*</c>, <c>_</c>, <c>`</c>, <c>[</c> or <c>&lt;</c> start markup.</summary>
    private static string MarkdownText(string text) => MarkdownSpecial().Replace(text, @"\$1");

    [GeneratedRegex(@"([\\`*_\[\]<>|~])")]
    private static partial Regex MarkdownSpecial();

    private static string Csv(EvalResult result)
    {
        var measures = result.Measures.Select(m => m.Name).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', new[] { "dataset", "method", "image", "width", "height", "ms", "ms_per_mp" }.Concat(measures)));
        foreach (var r in result.Records)
        {
            var fields = new[] { r.Dataset, r.Method, r.Image, r.Width.ToString(Invariant), r.Height.ToString(Invariant), Number(r.Milliseconds), Number(r.MillisecondsPerMegapixel) }
                .Concat(measures.Select(m => r.Values.TryGetValue(m, out var v) ? Full(v) : ""));
            sb.AppendLine(string.Join(',', fields.Select(CsvField)));
        }
        return sb.ToString();
    }

    private static string Json(EvalResult result, IReadOnlyList<SummaryCell> summary, RunInfo run)
    {
        var document = new
        {
            lumos = run.Version, date = run.Date, cores = run.Cores, os = run.Os, command = run.CommandLine,
            methods = result.Methods.Select(m => new { name = m.Name, parameters = m.Parameters }),
            task = result.Task,
            measures = result.Measures.Select(m => new { name = m.Name, goal = m.Goal.ToString().ToLowerInvariant(), parameters = result.MeasureParameters?.GetValueOrDefault(m.Name) }),
            datasets = result.Datasets.Select(d => new { name = d.Name, images = d.Samples.Count, paired = result.IsPaired(d), left_out = d.Problems }),
            problems = result.Problems,
            summary = summary.Select(c => new { dataset = c.Dataset, method = c.Method, measure = c.Measure, mean = JsonNumber(c.Mean), std = JsonNumber(c.Std), count = c.Count }),
            records = result.Records.Select(r => new
            {
                dataset = r.Dataset, method = r.Method, image = r.Image, width = r.Width, height = r.Height,
                ms = Math.Round(r.Milliseconds, 3), values = r.Values.ToDictionary(v => v.Key, v => JsonNumber(v.Value)),
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true });
    }

    private static string Html(EvalResult result, IReadOnlyList<SummaryCell> summary, IReadOnlyList<(string Name, byte[] Png)> charts, RunInfo run)
    {
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lumos evaluation</title><style>");
        sb.AppendLine("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}.thumbs td{text-align:center;vertical-align:top;font-size:0.8em}img.chart{max-width:100%}.meta{color:#666}");
        sb.AppendLine("</style></head><body><h1>Lumos evaluation</h1>");
        sb.AppendLine($"<p class=\"meta\">Lumos {Enc(run.Version)} · {Enc(run.Date)} · {run.Cores} cores · {Enc(run.Os)}{(run.CommandLine is null ? "" : " · <code>" + Enc(run.CommandLine) + "</code>")}</p>");
        foreach (var line in Protocol(result)) sb.AppendLine($"<p class=\"meta\">{Enc(line)}</p>");
        sb.AppendLine("<h2>Summary</h2>");
        foreach (var dataset in result.Datasets)
        {
            var columns = Columns(result, summary, dataset.Name);
            var (measured, heading) = Count(result, dataset);
            sb.AppendLine($"<h3>{Enc(heading)}</h3><table><tr><th>method</th>");
            foreach (var c in columns) sb.Append($"<th>{Enc(c.Name + Arrow(c.Goal))}</th>");
            sb.AppendLine("</tr>");
            foreach (var (method, _) in result.Methods)
            {
                sb.Append($"<tr><td>{Enc(method)}</td>");
                foreach (var c in columns)
                {
                    var cell = Find(summary, dataset.Name, method, c.Name);
                    var text = cell is null ? "" : Enc(CellText(cell, measured));
                    sb.Append(cell is not null && IsBest(summary, cell, c.Goal) ? $"<td><b>{text}</b></td>" : $"<td>{text}</td>");
                }
                sb.AppendLine("</tr>");
            }
            sb.AppendLine("</table>");
            foreach (var problem in dataset.Problems) sb.AppendLine($"<p class=\"meta\">left out: {Enc(problem)}</p>");
        }
        foreach (var problem in result.Problems) sb.AppendLine($"<p class=\"meta\">{Enc(problem)}</p>");
        if (charts.Count > 0) sb.AppendLine("<h2>Charts</h2>");
        foreach (var (name, png) in charts)
            sb.AppendLine($"<p><img class=\"chart\" alt=\"{Enc(name)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"></p>");
        sb.AppendLine("<h2>Images</h2>");
        sb.AppendLine("<p><b>Method parameters:</b> " + string.Join("; ", result.Methods.Select(m =>
            Enc(m.Name) + (m.Parameters.Count == 0 ? "" : " (" + Enc(string.Join(", ", m.Parameters.Select(p => $"{p.Key}={p.Value}"))) + ")"))) + "</p>");
        foreach (var dataset in result.Datasets)
        {
            var columnNames = new[] { "input" }.Concat(result.Methods.Select(m => m.Name))
                .Concat(result.IsPaired(dataset) ? ["ground truth"] : Array.Empty<string>()).ToArray();
            sb.AppendLine($"<h3>{Enc(dataset.Name)}</h3><table class=\"thumbs\"><tr><th>image</th>{string.Concat(columnNames.Select(c => $"<th>{Enc(c)}</th>"))}</tr>");
            foreach (var sample in dataset.Samples)
            {
                sb.Append($"<tr><td>{Enc(sample.Name)}</td>");
                foreach (var column in columnNames)
                {
                    var record = result.Records.FirstOrDefault(r => r.Dataset == dataset.Name && r.Image == sample.Name && r.Method == column);
                    var caption = record is null ? "" : string.Join("<br>", record.Values.Where(v => result.Measures.Any(m => m.Name == v.Key && m.Goal != MeasureGoal.None)).Select(v => Enc($"{v.Key} {Number(v.Value)}")));
                    sb.Append(result.Thumbnails.TryGetValue((dataset.Name, sample.Name, column), out var jpeg)
                        ? $"<td><img alt=\"{Enc(column)}\" src=\"data:image/jpeg;base64,{Convert.ToBase64String(jpeg)}\"><br>{caption}</td>"
                        : "<td></td>");
                }
                sb.AppendLine("</tr>");
            }
            sb.AppendLine("</table>");
        }
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    private static (string Name, MeasureGoal Goal)[] Columns(EvalResult result, IReadOnlyList<SummaryCell> summary, string dataset) =>
        result.Measures.Append((EvalSummary.Runtime, MeasureGoal.Lower))
            .Where(c => summary.Any(s => s.Dataset == dataset && s.Measure == c.Item1)).ToArray();

    private static SummaryCell? Find(IReadOnlyList<SummaryCell> summary, string dataset, string method, string measure) =>
        summary.FirstOrDefault(s => s.Dataset == dataset && s.Method == method && s.Measure == measure);

    private static bool IsBest(IReadOnlyList<SummaryCell> summary, SummaryCell cell, MeasureGoal goal)
    {
        if (goal == MeasureGoal.None) return false;
        var peers = summary.Where(s => s.Dataset == cell.Dataset && s.Measure == cell.Measure).Select(s => s.Mean).ToArray();
        return peers.Length > 1 && cell.Mean == (goal == MeasureGoal.Higher ? peers.Max() : peers.Min());
    }

    private static string Arrow(MeasureGoal goal) => goal switch { MeasureGoal.Higher => " ↑", MeasureGoal.Lower => " ↓", _ => "" };


    /// <summary>A measure value as the reports print it: "inf", or 1, 3 or 4 decimals by the magnitude of <paramref name="like"/> (the value itself by default).</summary>
    public static string Number(double value, double? like = null)
    {
        double magnitude = Math.Abs(like ?? value);
        return double.IsPositiveInfinity(value) ? "inf"
            : magnitude >= 100 ? value.ToString("0.0", Invariant)
            : magnitude >= 1 ? value.ToString("0.000", Invariant)
            : value.ToString("0.0000", Invariant);
    }

    private static string Full(double value) => double.IsPositiveInfinity(value) ? "inf" : value.ToString("R", Invariant);

    /// <summary>JSON has no infinity: written "Infinity", as <c>lumos measure --json</c> and JavaScript's Number() read it.</summary>
    private static object? JsonNumber(double value) => double.IsFinite(value) ? value : double.IsPositiveInfinity(value) ? "Infinity" : null;

    private static string CsvField(string field) => field.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field;

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
