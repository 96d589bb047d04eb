using Lumos.Processing;

namespace Lumos.Web.Jobs;

/// <summary>Where a job is in its life: waiting for a worker, being processed, or ended one of three ways.</summary>
public enum JobState
{
    /// <summary>Uploaded and waiting for a free worker.</summary>
    Queued,
    /// <summary>A worker is processing it.</summary>
    Running,
    /// <summary>The result is ready.</summary>
    Done,
    /// <summary>The image could not be processed; <see cref="JobStatus.Error"/> says why in one line.</summary>
    Failed,
    /// <summary>Cancelled by its client; nothing is kept.</summary>
    Cancelled,
}

/// <summary>What the API reports about a job.</summary>
/// <param name="Id">The job's unguessable id.</param>
/// <param name="State">Where it is.</param>
/// <param name="Name">The uploaded file's name (as the client gave it, cleaned).</param>
/// <param name="Operation">What runs: a method, an upscaler at a scale, a preset or a pipeline.</param>
/// <param name="QueuePosition">Jobs ahead of it while queued (0: next), else null.</param>
/// <param name="Width">Input width once read, else null.</param>
/// <param name="Height">Input height once read, else null.</param>
/// <param name="Milliseconds">Processing time once ended, else null.</param>
/// <param name="Error">Why it failed, in one line, or null.</param>
/// <param name="Result">The result's address once done, else null.</param>
/// <param name="Kind">What was uploaded: "image" or "video".</param>
/// <param name="Progress">Percent done (a video's frames done of its total, an image's tiles or bands) while running, 100 once done; null when not known.</param>
/// <param name="ResultWidth">The result's width (the input's times the operation's scale) once the input is read, else null.</param>
/// <param name="ResultHeight">The result's height, likewise.</param>
public sealed record JobStatus(string Id, JobState State, string Name, string Operation, int? QueuePosition,
    int? Width, int? Height, double? Milliseconds, string? Error, string? Result, string Kind = JobWork.ImageKind, int? Progress = null,
    int? ResultWidth = null, int? ResultHeight = null);

/// <summary>
/// One uploaded image or video and what to do with it (<see cref="Work"/>: the one step that differs between them).
/// Its files live in its own folder, named by its id; messages from the core name those files, so <see cref="Clean"/>
/// puts the client's file name back before anything is reported.
/// </summary>
public sealed class WebJob
{
    private readonly Lock gate = new();
    private TaskCompletionSource changed = NewSignal();
    private int? width, height, progress;
    private int scale = 1;
    private double? milliseconds;
    private string? error;

    internal WebJob(string id, string folder, long ticket)
    {
        Id = id;
        Folder = folder;
        Ticket = ticket;
    }

    /// <summary>The unguessable id, 32 lower-case hex digits.</summary>
    public string Id { get; }

    /// <summary>The job's own folder under the data folder.</summary>
    public string Folder { get; }

    /// <summary>Order of arrival, for queue positions.</summary>
    internal long Ticket { get; }

    /// <summary>Cancelled when the client deletes the job or the server stops.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The uploaded file, stored with the extension of its sniffed format.</summary>
    public string Input { get; private set; } = "";

    /// <summary>Where the result is written.</summary>
    public string Output { get; private set; } = "";

    /// <summary>The client's file name, cleaned: all that responses ever name.</summary>
    public string Name { get; private set; } = "upload";

    /// <summary>What runs, in words.</summary>
    public string Label { get; private set; } = "";

    /// <summary>The operation, held until a worker runs it.</summary>
    public IImageOperation? Operation { get; private set; }

    /// <summary>How the input becomes the result: an image through the core's processing job, a video frame by frame.</summary>
    public JobWork? Work { get; private set; }

    /// <summary>The current state.</summary>
    public JobState State { get; private set; } = JobState.Queued;

    /// <summary>When it ended, or null while queued or running.</summary>
    public DateTimeOffset? Ended { get; private set; }

    /// <summary>Completes at the next change of state, so event streams wait instead of polling.</summary>
    public Task NextChange
    {
        get { lock (gate) return changed.Task; }
    }

    /// <summary>True once done, failed or cancelled.</summary>
    public bool IsEnded => State is JobState.Done or JobState.Failed or JobState.Cancelled;

    /// <summary>Sets what the job runs on which file, before it is queued.</summary>
    internal void Prepare(string input, string output, string name, string label, IImageOperation operation, JobWork work,
        int? inputWidth = null, int? inputHeight = null)
    {
        (Input, Output, Name, Label, Operation, Work) = (input, output, name, label, operation, work);
        (width, height, scale) = (inputWidth, inputHeight, operation.Scale);
    }

    /// <summary>Records <paramref name="done"/> of <paramref name="total"/> while running; event streams hear of each new whole percent.</summary>
    internal void Report(long done, long total)
    {
        int percent = total <= 0 ? 0 : (int)Math.Clamp(100 * done / total, 0, 100);
        TaskCompletionSource signal;
        lock (gate)
        {
            if (State != JobState.Running || percent == progress) return;
            progress = percent;
            signal = Changed();
        }
        signal.TrySetResult();
    }

    /// <summary>Moves to <paramref name="state"/> unless already ended; returns false when it had ended (a cancelled job stays cancelled).</summary>
    internal bool MoveTo(JobState state, DateTimeOffset now, string? message = null, int? imageWidth = null, int? imageHeight = null, double? elapsed = null)
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            if (IsEnded) return false;
            State = state;
            if (IsEnded) Ended = now;
            error = message is null ? null : Clean(message);
            (width, height, milliseconds) = (imageWidth ?? width, imageHeight ?? height, elapsed ?? milliseconds);
            if (state == JobState.Done) progress = 100;
            signal = Changed();
        }
        signal.TrySetResult();
        return true;
    }

    /// <summary>Takes the operation away to dispose it: a job runs once.</summary>
    internal IImageOperation? TakeOperation()
    {
        lock (gate)
        {
            var operation = Operation;
            Operation = null;
            return operation;
        }
    }

    /// <summary>The status as the API reports it; <paramref name="queuePosition"/> applies while queued.</summary>
    public JobStatus Status(int? queuePosition)
    {
        lock (gate)
            return new JobStatus(Id, State, Name, Label, State == JobState.Queued ? queuePosition : null, width, height,
                milliseconds, error, State == JobState.Done ? $"/api/jobs/{Id}/result" : null, Work?.Kind ?? JobWork.ImageKind,
                State is JobState.Running or JobState.Done ? progress : null, width * scale, height * scale);
    }

    /// <summary>A core message with the job's server paths replaced by the client's file name.</summary>
    public string Clean(string message)
    {
        if (Input.Length > 0) message = message.Replace(Input, Name, StringComparison.Ordinal);
        if (Output.Length > 0) message = message.Replace(Output, "result", StringComparison.Ordinal);
        return ServerPaths.Hide(message, Path.GetDirectoryName(Folder));
    }

    /// <summary>Swaps in a fresh change signal and returns the old one, to complete once the lock is released.</summary>
    private TaskCompletionSource Changed()
    {
        var signal = changed;
        changed = NewSignal();
        return signal;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
