using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Lumos.Bench;

/// <summary>Shows benchmark rows as a console table and as markdown.</summary>
internal static class ResultTable
{
    private static readonly string[] Headers = ["method", "threads", "median ms", "MP/s", "peak MiB", "first ms", "× best peer", "× python peer"];

    public static void Print(IReadOnlyList<BenchRow> rows, string caption)
    {
        var table = new Table();
        foreach (var header in Headers) table.AddColumn(header == "method" ? new TableColumn(header) : new TableColumn(header).RightAligned());
        foreach (var row in rows) table.AddRow(Cells(row).Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(caption);
    }

    public static void WriteMarkdown(IReadOnlyList<BenchRow> rows, string caption, string path)
    {
        var text = new StringBuilder();
        text.AppendLine($"| {string.Join(" | ", Headers)} |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows) text.AppendLine($"| {string.Join(" | ", Cells(row))} |");
        text.AppendLine().AppendLine(caption);
        File.WriteAllText(path, text.ToString());
    }

    private static IEnumerable<string> Cells(BenchRow row) =>
    [
        row.Peer ? $"{row.Method} (peer)" : row.Method,
        row.Threads.ToString(CultureInfo.InvariantCulture),
        row.MedianMs.ToString(row.MedianMs < 10 ? "0.###" : "0.0", CultureInfo.InvariantCulture),
        row.MegapixelsPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
        row.PeakMiB?.ToString("0", CultureInfo.InvariantCulture) ?? "n/a",
        row.FirstMs?.ToString("0.0", CultureInfo.InvariantCulture) ?? "",
        row.VersusBestPeer?.ToString("0.00", CultureInfo.InvariantCulture) ?? "",
        row.VersusPython?.ToString("0.00", CultureInfo.InvariantCulture) ?? "",
    ];
}
