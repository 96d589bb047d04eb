using Spectre.Console;

namespace Lumos.Cli;

/// <summary>One update of a live progress bar: how far, out of how much, and what is being worked on (plain text).</summary>
internal sealed record ProgressUpdate(double Value, double Total, string Description);

/// <summary>
/// The one live progress bar of the CLI (batches, evaluation, video), drawn on standard error when that is a terminal,
/// so it shows even when standard output is redirected to a file or a pipe (<c>--json | jq</c>) and never mixes
/// into it. Without a terminal there is no bar; commands print their plain per-file lines instead.
/// </summary>
internal static class LiveProgress
{
    /// <summary>Runs <paramref name="work"/>, giving it a reporter that moves the bar, or null when no bar is shown.</summary>
    public static T Run<T>(CliServices services, string title, Func<Action<ProgressUpdate>?, T> work)
    {
        if (services.Progress is null) return work(null);
        T result = default!;
        services.Progress.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                result = work(update =>
                {
                    task.MaxValue = Math.Max(update.Total, 1e-9);
                    task.Value = Math.Min(update.Value, task.MaxValue);
                    task.Description = Markup.Escape(update.Description);
                });
            });
        return result;
    }
}
