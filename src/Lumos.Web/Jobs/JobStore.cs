using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Lumos.Web.Jobs;

/// <summary>
/// The jobs the server knows, each with a folder under the data folder named by its id: 128 random bits, so a result
/// cannot be guessed, and an id is only ever looked up, never joined into a path from the request.
/// </summary>
public sealed class JobStore
{
    private readonly ConcurrentDictionary<string, WebJob> jobs = new(StringComparer.Ordinal);
    private readonly TimeProvider clock;
    private long tickets;

    /// <summary>Creates the store over the data folder, deleting job folders a previous run left behind.</summary>
    public JobStore(ServeOptions options, TimeProvider clock)
    {
        this.clock = clock;
        DataFolder = Path.GetFullPath(options.DataFolder);
        Directory.CreateDirectory(DataFolder);
        foreach (var leftover in Directory.EnumerateDirectories(DataFolder).Where(d => IsId(Path.GetFileName(d))))
            DeleteFolder(leftover);
    }

    /// <summary>The folder every job folder lives in.</summary>
    public string DataFolder { get; }

    /// <summary>The time now, as the store sees it.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Every job, in order of arrival.</summary>
    public IEnumerable<WebJob> All => jobs.Values.OrderBy(j => j.Ticket);

    /// <summary>Creates a job with a fresh id and an empty folder.</summary>
    public WebJob Create()
    {
        var folder = CreateFolder();
        var job = new WebJob(Path.GetFileName(folder), folder, Interlocked.Increment(ref tickets));
        jobs[job.Id] = job;
        return job;
    }

    /// <summary>Creates an empty folder named by a fresh id, for work that is not a job (a measurement); the caller deletes it.</summary>
    public string CreateFolder()
    {
        var folder = Path.Combine(DataFolder, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The job with <paramref name="id"/>; anything that is not an id (a path, a traversal attempt) finds nothing.</summary>
    public WebJob? Find(string id) => IsId(id) && jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>Jobs queued ahead of <paramref name="job"/>; a job still uploading is not in the queue yet.</summary>
    public int QueuePosition(WebJob job) => jobs.Values.Count(j => j.State == JobState.Queued && j.Operation is not null && j.Ticket < job.Ticket);

    /// <summary>Forgets the job, cancels it and deletes its files (a running job's worker discards what it makes).</summary>
    public void Remove(WebJob job)
    {
        jobs.TryRemove(job.Id, out _);
        job.MoveTo(JobState.Cancelled, Now);
        job.Cancellation.Cancel();
        job.TakeOperation()?.Dispose();
        DeleteFolder(job.Folder);
    }

    /// <summary>Removes every job that ended more than <paramref name="expiry"/> ago; returns how many.</summary>
    public int Expire(TimeSpan expiry)
    {
        var expired = jobs.Values.Where(j => j.Ended is { } ended && Now - ended >= expiry).ToArray();
        foreach (var job in expired) Remove(job);
        return expired.Length;
    }

    /// <summary>True for text shaped like a job id: 32 lower-case hex digits.</summary>
    public static bool IsId(string text) => text.Length == 32 && text.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// Deletes a job folder; one already gone (a second delete) is no error, nor is one a running job's step is still
    /// writing into (an encoder's file appearing mid-delete): its worker deletes the folder again when the step returns.
    /// </summary>
    public static void DeleteFolder(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) when (Directory.Exists(folder)) { }
    }
}
