using System.Text.Json;
using Lumos.Imaging;
using Lumos.Video;
using Lumos.Web.Jobs;
using Lumos.Web.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Lumos.Web.Api;

/// <summary>
/// The job API: an upload becomes a queued job once it has fully arrived and passed the checks that need no decoding
/// (content sniffed from its bytes as a video container or an image, declared size within limits, settings bound by
/// the registries); then its state, its progress as server-sent events, its result, and its cancellation. Images and
/// videos differ only in their <see cref="JobWork"/>.
/// </summary>
public static class JobEndpoints
{
    private static readonly HashSet<string> FileFields = new(["file"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps the <c>/api/jobs</c> endpoints.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/jobs", Create).DisableAntiforgery()
            .WithSummary("Upload an image or a video (multipart field 'file') with method=NAME, preset=NAME, pipeline=JSON or scale=S, and parameters as fields")
            .AcceptsForm("a parameter of what runs, e.g. gamma=0.6 (GET /api/methods lists them)",
                new("file", "the image or video", IsFile: true, Required: true),
                new(JobSettings.MethodField, "a method or upscaler by name (GET /api/methods)"),
                new(JobSettings.PresetField, "a preset by name (GET /api/presets)"),
                new(JobSettings.PipelineField, "a pipeline as a JSON array of steps"),
                new("scale", "the upscaling factor (with method=UPSCALER, or alone for bicubic)"),
                new(JobSettings.FormatField, "the result's format: png, jpg, tif, bmp or webp for an image, mp4 or mkv for a video (default: the upload's)"))
            .Produces<JobStatus>(StatusCodes.Status202Accepted)
            .RefusesBadUploads();
        endpoints.MapGet("/api/jobs/{id}", (string id, JobStore store) => store.Find(id) is { } job ? Results.Ok(job.Status(store.QueuePosition(job))) : NotFound())
            .WithSummary("A job's state").Produces<JobStatus>().Produces<ApiError>(StatusCodes.Status404NotFound);
        endpoints.MapGet("/api/jobs/{id}/events", Events).WithSummary("A job's progress (a video's as a percentage) as server-sent events, until it ends");
        endpoints.MapGet("/api/jobs/{id}/result", Result).WithSummary("The result image or video of a finished job");
        endpoints.MapDelete("/api/jobs/{id}", (string id, JobStore store) =>
        {
            if (store.Find(id) is not { } job) return NotFound();
            store.Remove(job);
            return Results.NoContent();
        }).WithSummary("Cancel a job and delete its files");
    }

    private static async Task<IResult> Create(HttpRequest request, JobStore store, JobQueue queue, ServeOptions options)
    {
        var job = store.Create();
        try
        {
            var upload = await UploadReader.ReadAsync(request, job.Folder, options.MaxUploadBytes, FileFields, request.HttpContext.RequestAborted);
            if (!upload.Files.TryGetValue("file", out var file)) throw LumosException.Usage("no image or video: send it as the multipart field 'file'");
            var format = upload.Field(JobSettings.FormatField);
            var input = VideoUpload.Container(file.Path) is { } container ? Video(job, file, container, format, options) : Image(job, file, format, options);
            var (label, operation) = JobSettings.Build(upload.Fields, options.NetThreads);
            double result = (double)input.Width * input.Height * operation.Scale * operation.Scale;
            if (result > options.MaxResultPixels)
            {
                operation.Dispose();
                throw LumosException.Usage($"the result would be {result / 1e6:0.#} MP, above the {options.MaxResultPixels / 1e6:0.#} MP limit (16 × --max-megapixels)");
            }
            job.Prepare(input.Path, input.Output, file.Name, label, operation, input.Work, input.Width, input.Height);
            queue.Enqueue(job);
            return Results.Accepted($"/api/jobs/{job.Id}", job.Status(store.QueuePosition(job)));
        }
        catch
        {
            store.Remove(job);
            throw;
        }
    }

    /// <summary>A checked upload in its job's folder: where it is, where its result goes, and the step that makes it.</summary>
    private sealed record Input(string Path, string Output, JobWork Work, int Width, int Height);

    private static Input Image(WebJob job, UploadedFile file, string? format, ServeOptions options)
    {
        ImageHeader header;
        try { header = UploadInspector.Inspect(file, options.ReadOptions); }
        catch (LumosException) when (VideoInfo.IsVideoFile(file.Name))
        {
            throw new LumosException($"{file.Name}: not a video Lumos reads (no MP4, Matroska/WebM or AVI header)");
        }
        var input = Path.Combine(job.Folder, "input" + ImageFormats.Extension(header.Format));
        File.Move(file.Path, input);
        return new Input(input, Path.Combine(job.Folder, "result" + OutputExtension(format, header.Format)), new ImageWork(options.ReadOptions), header.Width, header.Height);
    }

    private static Input Video(WebJob job, UploadedFile file, string container, string? format, ServeOptions options)
    {
        var output = Path.Combine(job.Folder, "result" + VideoUpload.OutputExtension(container, format));
        var input = Path.Combine(job.Folder, "input" + container);
        File.Move(file.Path, input);
        var info = VideoUpload.Inspect(input, file.Name, options.MaxMegapixels);
        return new Input(input, output, new VideoWork(new VideoOptions()), info.Width, info.Height);
    }

    private static string OutputExtension(string? format, ImageFormat input)
    {
        if (string.IsNullOrWhiteSpace(format)) return ImageFormats.Extension(input);
        var extension = "." + format.Trim().TrimStart('.').ToLowerInvariant();
        return ImageFormats.IsSupported(extension) ? extension : throw LumosException.Usage($"format: '{format}' is not one of png, jpg, tif, bmp, webp");
    }

    private static async Task Events(string id, HttpContext context, JobStore store, IOptions<JsonOptions> json)
    {
        if (store.Find(id) is not { } job)
        {
            await NotFound().ExecuteAsync(context);
            return;
        }
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var abort = context.RequestAborted;
        while (!abort.IsCancellationRequested)
        {
            var next = job.NextChange; // taken before the status, so no change falls between them
            var status = job.Status(store.QueuePosition(job));
            await response.WriteAsync($"event: {JsonNamingPolicy.CamelCase.ConvertName(status.State.ToString())}\ndata: {JsonSerializer.Serialize(status, json.Value.SerializerOptions)}\n\n", abort);
            await response.Body.FlushAsync(abort);
            if (status.State is JobState.Done or JobState.Failed or JobState.Cancelled) return; // the state sent, not the live one
            // The state again every 15 s keeps proxies from closing a quiet stream; a queued job's position every second.
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromSeconds(status.State == JobState.Queued ? 1 : 15), abort));
        }
    }

    private static IResult Result(string id, JobStore store)
    {
        if (store.Find(id) is not { } job) return NotFound();
        if (job.State != JobState.Done) return ApiErrors.Result(StatusCodes.Status409Conflict, $"the job is {job.State.ToString().ToLowerInvariant()}, no result yet");
        // Ranges let a <video> element seek in a result without downloading it first.
        return Results.File(job.Output, ContentType(Path.GetExtension(job.Output)), DownloadName(job), enableRangeProcessing: true);
    }

    /// <summary>The file name a result downloads as: the upload's name and what ran, e.g. <c>dark-lime.png</c>.</summary>
    internal static string DownloadName(WebJob job) =>
        $"{Path.GetFileNameWithoutExtension(job.Name)}-{UploadReader.CleanName(job.Label.Replace(' ', '-').Replace('×', 'x'))}{Path.GetExtension(job.Output)}";

    private static string ContentType(string extension) => extension switch
    {
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        ".bmp" => "image/bmp",
        ".mp4" => "video/mp4",
        ".mkv" => "video/x-matroska",
        _ => "image/tiff",
    };

    private static IResult NotFound() => ApiErrors.Result(StatusCodes.Status404NotFound, "no such job (it may have expired)");
}
