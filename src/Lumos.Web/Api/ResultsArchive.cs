using System.IO.Compression;
using Lumos.Web.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lumos.Web.Api;

/// <summary>
/// <c>GET /api/results.zip?ids=a,b,c</c>: the results of several finished jobs in one download, streamed into the
/// response as a zip (images are already compressed, so they are stored, not deflated again).
/// </summary>
public static class ResultsArchive
{
    /// <summary>Most jobs in one archive.</summary>
    public const int MaxJobs = 100;

    /// <summary>Maps the endpoint.</summary>
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/results.zip", Download).WithSummary("The results of finished jobs (ids=a,b,c) as one zip");

    private static async Task Download(string? ids, HttpContext context, JobStore store)
    {
        var wanted = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        if (wanted.Length is 0 or > MaxJobs) throw LumosException.Usage($"ids: give 1 to {MaxJobs} job ids, separated by commas");
        var jobs = wanted.Select(id => store.Find(id)).ToArray();
        if (jobs.Any(j => j?.State != JobState.Done)) throw LumosException.Usage("ids: every job must exist and be done");
        // ZipArchive writes its central directory on dispose, synchronously on some paths.
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        context.Response.ContentType = "application/zip";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"lumos-results.zip\"";
        await using var zip = new ZipArchive(context.Response.Body, ZipArchiveMode.Create, leaveOpen: true);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var job in jobs)
        {
            var name = JobEndpoints.DownloadName(job!);
            for (int n = 2; !names.Add(name); n++) name = $"{Path.GetFileNameWithoutExtension(JobEndpoints.DownloadName(job!))}-{n}{Path.GetExtension(name)}";
            var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
            await using var target = await entry.OpenAsync(context.RequestAborted);
            await using var source = File.OpenRead(job!.Output);
            await source.CopyToAsync(target, context.RequestAborted);
        }
    }
}
