using System.Text.Json;
using Lumos.Batch;
using Spectre.Console;

namespace Lumos.Cli;

/// <summary>
/// Runs a batch with a progress bar and ETA on a terminal, or one plain line per file when output is
/// redirected. Each failure is reported on standard error as one line; the batch goes on. Ctrl-C (the token) stops
/// it after the current file: the summary is printed, then "interrupted after N of M" (exit code 130).
/// </summary>
internal static class BatchRunner
{
    public static IReadOnlyList<FileResult> Run(CliServices services, IReadOnlyList<BatchItem> items, string title, bool quiet,
        Func<BatchItem, FileResult> process, CancellationToken cancellationToken)
    {
        var results = new List<FileResult>();
        void Report(FileResult result)
        {
            results.Add(result);
            if (!result.Ok) services.Error.WriteLine($"lumos: {result.Error}");
            else if (!quiet && !services.Interactive)
                services.Console.Profile.Out.Writer.WriteLine($"{result.Input} -> {result.Output} ({result.Milliseconds:0} ms)");
        }

        if (services.Interactive && !quiet && items.Count > 0)
        {
            services.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(title, maxValue: items.Count);
                    foreach (var item in items)
                    {
                        if (cancellationToken.IsCancellationRequested) break;
                        task.Description = $"{title} {Markup.Escape(Path.GetFileName(item.Input))}";
                        Report(process(item));
                        task.Increment(1);
                    }
                });
        }
        else
        {
            foreach (var item in items)
            {
                if (cancellationToken.IsCancellationRequested) break;
                Report(process(item));
            }
        }
        if (!quiet && items.Count > 1)
        {
            int failed = results.Count(r => !r.Ok);
            services.Console.Profile.Out.Writer.WriteLine(failed == 0
                ? $"{results.Count} images written"
                : $"{results.Count - failed} of {results.Count} images written, {failed} failed");
        }
        if (cancellationToken.IsCancellationRequested && results.Count < items.Count)
            throw new OperationCanceledException($"interrupted after {results.Count} of {items.Count}", cancellationToken);
        return results;
    }

    /// <summary>Prints the JSON summary of a batch: <paramref name="header"/> fields, counts, then one entry per file.</summary>
    public static void WriteJson(CliServices services, IReadOnlyDictionary<string, object> header, IReadOnlyList<FileResult> results)
    {
        var summary = new Dictionary<string, object>(header)
        {
            ["succeeded"] = results.Count(r => r.Ok),
            ["failed"] = results.Count(r => !r.Ok),
            ["results"] = results.Select(r => new { input = r.Input, output = r.Ok ? r.Output : null, ok = r.Ok, error = r.Error, milliseconds = Math.Round(r.Milliseconds, 1), width = r.Width, height = r.Height }),
        };
        services.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }));
    }
}
