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

    /// <summary>Prints rows of ready-made cells under <paramref name="headers"/> (the first column left-aligned, the rest right) and
    /// writes them, with the caption, to <paramref name="markdown"/> when given (after what is there if <paramref name="append"/>).</summary>
    public static void Print(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, string caption, string? markdown, bool append = false)
    {
        var table = new Table();
        foreach (var header in headers) table.AddColumn(header == headers[0] ? new TableColumn(header) : new TableColumn(header).RightAligned());
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine(caption);
        if (markdown is null) return;
        var text = new StringBuilder();
        if (append) text.AppendLine();
        text.AppendLine($"| {string.Join(" | ", headers)} |");
        text.AppendLine($"|---|{string.Concat(Enumerable.Repeat("---:|", headers.Count - 1))}");
        foreach (var row in rows) text.AppendLine($"| {string.Join(" | ", row)} |");
        text.AppendLine().AppendLine(caption);
        if (append) File.AppendAllText(markdown, text.ToString());
        else File.WriteAllText(markdown, text.ToString());
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
