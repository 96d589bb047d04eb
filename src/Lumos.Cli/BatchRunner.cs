using System.Buffers;
using System.Text;
using System.Text.Json;
using Lumos.Batch;
using Lumos.Cli.Commands;
using Lumos.Processing;
using Spectre.Console;

namespace Lumos.Cli;

/// <summary>
/// Renders a <see cref="ProcessingJob"/>: a progress bar and ETA on standard error when it is a terminal (moving
/// within a large image as its tiles or bands are done), and one plain line per file when standard output is
/// redirected. Each failure is reported on standard error as one line; the job goes on. With <c>--json</c> the
/// summary is JSON instead, streamed as the files are done (header fields, <c>results</c> one entry per file, then
/// <c>succeeded</c>, <c>failed</c> and <c>interrupted</c>), so memory does not grow with the number of files. Ctrl-C
/// (the token) stops it after the current file: the summary (text or JSON) is completed, then "interrupted after N
/// of M" (exit code 130).
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
        var output = services.Console.Profile.Out.Writer;
        using var summary = settings.Json ? new JsonSummary(output, header) : null;
        void Finished(FileResult result)
        {
            summary?.Add(result);
            if (!result.Ok) services.WriteError($"lumos: {result.Error}");
            else if (summary is null && services.PlainLines) output.WriteLine($"{result.Input} -> {result.Output} ({result.Milliseconds:0} ms)");
        }

        JobSummary outcome;
        try
        {
            outcome = LiveProgress.Run(services, title, report => job.Run(items, new Reporter(p =>
            {
                if (p.Finished is not null) Finished(p.Finished);
                report?.Invoke(new ProgressUpdate(p.Files, items.Count, $"{title} {Path.GetFileName(p.Current.Input)}"));
            }), cancellationToken));
        }
        catch (Exception e) when (summary is not null && e is not OperationCanceledException)
        {
            // Whatever stops the batch, standard output stays one complete JSON document.
            summary.Finish(0, 0, interrupted: false, e.Message.Split('\n')[0]);
            throw;
        }
        summary?.Finish(outcome.Succeeded, outcome.Failures.Count, outcome.Cancelled, error: null);
        if (summary is null && items.Count > 1)
            output.WriteLine(outcome.Failures.Count == 0
                ? $"{outcome.Processed} images written"
                : $"{outcome.Succeeded} of {outcome.Processed} images written, {outcome.Failures.Count} failed");
        if (outcome.Cancelled) throw new OperationCanceledException($"interrupted after {outcome.Processed} of {items.Count}", cancellationToken);
        return outcome.Failures.Count == 0 ? LumosApp.Success : LumosApp.Failure;
    }

    /// <summary>Progress reported synchronously on the job's thread (System.Progress would post it elsewhere, out of order).</summary>
    private sealed class Reporter(Action<JobProgress> handler) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => handler(value);
    }

    /// <summary>
    /// The JSON summary, written as the batch goes: a <see cref="Utf8JsonWriter"/> into a small buffer that is handed to
    /// standard output after every file, so nothing accumulates.
    /// </summary>
    private sealed class JsonSummary : IDisposable
    {
        private readonly ArrayBufferWriter<byte> buffer = new();
        private readonly Utf8JsonWriter writer;
        private readonly TextWriter output;
        private bool finished;

        public JsonSummary(TextWriter output, IReadOnlyDictionary<string, object> header)
        {
            this.output = output;
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true });
            writer.WriteStartObject();
            foreach (var (key, value) in header)
            {
                writer.WritePropertyName(key);
                JsonSerializer.Serialize(writer, value, value.GetType());
            }
            writer.WriteStartArray("results");
            Flush();
        }

        public void Add(FileResult result)
        {
            writer.WriteStartObject();
            writer.WriteString("input", result.Input);
            if (result.Ok) writer.WriteString("output", result.Output);
            else writer.WriteNull("output");
            writer.WriteBoolean("ok", result.Ok);
            if (result.Error is null) writer.WriteNull("error");
            else writer.WriteString("error", result.Error);
            writer.WriteNumber("milliseconds", Math.Round(result.Milliseconds, 1));
            writer.WriteNumber("width", result.Width);
            writer.WriteNumber("height", result.Height);
            writer.WriteEndObject();
            Flush();
        }

        public void Finish(int succeeded, int failed, bool interrupted, string? error)
        {
            if (finished) return;
            finished = true;
            writer.WriteEndArray();
            writer.WriteNumber("succeeded", succeeded);
            writer.WriteNumber("failed", failed);
            writer.WriteBoolean("interrupted", interrupted);
            if (error is not null) writer.WriteString("error", error);
            writer.WriteEndObject();
            Flush();
            output.WriteLine();
        }

        public void Dispose() => writer.Dispose();

        private void Flush()
        {
            writer.Flush();
            output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            buffer.ResetWrittenCount();
        }
    }
}
