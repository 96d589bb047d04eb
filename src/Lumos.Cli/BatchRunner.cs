using System.Buffers;
using System.Text;
using System.Text.Json;
using Lumos.Batch;
using Spectre.Console;

namespace Lumos.Cli;

/// <summary>What a batch came to. Only counts are kept, so a batch's memory does not grow with its number of files.</summary>
/// <param name="Processed">Files processed (written or failed).</param>
/// <param name="Failed">Files that failed.</param>
internal sealed record BatchOutcome(int Processed, int Failed)
{
    /// <summary>Files written.</summary>
    public int Succeeded => Processed - Failed;
}

/// <summary>
/// Runs a batch with a progress bar and ETA on a terminal, or one plain line per file when output is
/// redirected. Each failure is reported on standard error as one line; the batch goes on. With a JSON header the
/// summary is JSON instead, streamed as the files are done (header fields, <c>results</c> one entry per file, then
/// <c>succeeded</c>, <c>failed</c> and <c>interrupted</c>). Ctrl-C (the token) stops it after the current file: the
/// summary (text or JSON) is completed, then "interrupted after N of M" (exit code 130).
/// </summary>
internal static class BatchRunner
{
    public static BatchOutcome Run(CliServices services, IReadOnlyList<BatchItem> items, string title, IReadOnlyDictionary<string, object>? json,
        Func<BatchItem, FileResult> process, CancellationToken cancellationToken)
    {
        var output = services.Console.Profile.Out.Writer;
        bool quiet = json is not null;
        using var summary = json is null ? null : new JsonSummary(output, json);
        int processed = 0, failed = 0;
        void Report(FileResult result)
        {
            processed++;
            if (!result.Ok) failed++;
            summary?.Add(result);
            if (!result.Ok) services.Error.WriteLine($"lumos: {result.Error}");
            else if (!quiet && !services.Interactive)
                output.WriteLine($"{result.Input} -> {result.Output} ({result.Milliseconds:0} ms)");
        }

        bool interrupted;
        try
        {
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
            interrupted = cancellationToken.IsCancellationRequested && processed < items.Count;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true; // the current file was abandoned; the summary below still comes
        }
        catch (Exception e) when (summary is not null)
        {
            // Whatever stops the batch, standard output stays one complete JSON document.
            summary.Finish(processed - failed, failed, interrupted: false, e.Message.Split('\n')[0]);
            throw;
        }
        summary?.Finish(processed - failed, failed, interrupted, error: null);
        if (!quiet && items.Count > 1)
            output.WriteLine(failed == 0 ? $"{processed} images written" : $"{processed - failed} of {processed} images written, {failed} failed");
        if (interrupted) throw new OperationCanceledException($"interrupted after {processed} of {items.Count}", cancellationToken);
        return new BatchOutcome(processed, failed);
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
