using System.Text.Json;
using Lumos.Batch;
using Lumos.Cli.Commands;
using Lumos.Processing;
using Spectre.Console;

namespace Lumos.Cli;

/// <summary>
/// Renders a <see cref="ProcessingJob"/>: a progress bar and ETA on a terminal, or one plain line per file when output
/// is redirected, or a JSON summary with <c>--json</c>. Each failure is reported on standard error as one line; the
/// job goes on. Ctrl-C (the token) stops it after the current file: the summary is printed, then "interrupted after
/// N of M" (exit code 130).
/// </summary>
internal static class BatchRunner
{
    /// <summary>Runs <paramref name="operation"/> over <paramref name="inputs"/> as the batch options say, and returns the exit code.</summary>
    /// <param name="services">Console and error writers.</param>
    /// <param name="settings">Output, format, limits, overwrite, JSON.</param>
    /// <param name="inputs">Files, folders or globs.</param>
    /// <param name="operation">What every image goes through.</param>
    /// <param name="title">Progress title, e.g. "enhance (lime)".</param>
    /// <param name="header">The first fields of the JSON summary (what ran, with which parameters).</param>
    /// <param name="cancellationToken">Cancelled by the first Ctrl-C.</param>
    public static int Run(CliServices services, BatchSettings settings, IReadOnlyList<string> inputs, IImageOperation operation, string title,
        IReadOnlyDictionary<string, object> header, CancellationToken cancellationToken)
    {
        var items = BatchPlan.Create(inputs, settings.Output!, settings.Format, settings.Recursive);
        var job = new ProcessingJob(operation, settings.ReadOptions(), settings.WriteOptions(items));
        var json = settings.Json ? header : null;
        // Per-file results are kept only for the JSON summary; otherwise memory stays flat however long the batch.
        var results = json is null ? null : new List<FileResult>();
        var output = services.Console.Profile.Out.Writer;
        void Finished(FileResult result)
        {
            results?.Add(result);
            if (!result.Ok) services.Error.WriteLine($"lumos: {result.Error}");
            else if (json is null && !services.Interactive) output.WriteLine($"{result.Input} -> {result.Output} ({result.Milliseconds:0} ms)");
        }

        JobSummary summary = null!;
        if (services.Interactive && json is null && items.Count > 0)
        {
            services.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(title, maxValue: items.Count);
                    summary = job.Run(items, new Reporter(p =>
                    {
                        if (p.Finished is null) task.Description = $"{title} {Markup.Escape(Path.GetFileName(p.Current.Input))}";
                        else
                        {
                            Finished(p.Finished);
                            task.Increment(1);
                        }
                    }), cancellationToken);
                });
        }
        else summary = job.Run(items, new Reporter(p => { if (p.Finished is not null) Finished(p.Finished); }), cancellationToken);

        if (json is not null) WriteJson(services, json, summary, results!);
        else if (items.Count > 1)
            output.WriteLine(summary.Failures.Count == 0
                ? $"{summary.Processed} images written"
                : $"{summary.Succeeded} of {summary.Processed} images written, {summary.Failures.Count} failed");
        if (summary.Cancelled)
            throw new OperationCanceledException($"interrupted after {summary.Processed} of {items.Count}", cancellationToken);
        return summary.Failures.Count == 0 ? LumosApp.Success : LumosApp.Failure;
    }

    /// <summary>The JSON summary: <paramref name="header"/> fields, counts, whether it was interrupted, then one entry per file.</summary>
    private static void WriteJson(CliServices services, IReadOnlyDictionary<string, object> header, JobSummary summary, IReadOnlyList<FileResult> results)
    {
        var document = new Dictionary<string, object>(header)
        {
            ["succeeded"] = summary.Succeeded,
            ["failed"] = summary.Failures.Count,
            ["interrupted"] = summary.Cancelled,
            ["results"] = results.Select(r => new { input = r.Input, output = r.Ok ? r.Output : null, ok = r.Ok, error = r.Error, milliseconds = Math.Round(r.Milliseconds, 1), width = r.Width, height = r.Height }),
        };
        services.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Progress reported synchronously on the job's thread (System.Progress would post it elsewhere, out of order).</summary>
    private sealed class Reporter(Action<JobProgress> handler) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => handler(value);
    }
}
