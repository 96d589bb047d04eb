using Lumos.Imaging;
using Lumos.Measures;
using Lumos.Web.Jobs;
using Lumos.Web.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lumos.Web.Api;

/// <summary>One measure's value, or why there is none.</summary>
/// <param name="Name">The measure.</param>
/// <param name="Value">Its value (PSNR of identical images is Infinity), or null.</param>
/// <param name="Better">higher, lower or empty (descriptive).</param>
/// <param name="Summary">What it measures.</param>
/// <param name="Error">Why the value is null (NIQE on a tiny image), or null.</param>
public sealed record MeasureValue(string Name, double? Value, string Better, string Summary, string? Error);

/// <summary>The measures of an image, against a reference when one was sent.</summary>
/// <param name="Name">The image's file name.</param>
/// <param name="Reference">The reference's file name, or null.</param>
/// <param name="Measures">The values, in registry order.</param>
public sealed record MeasureReport(string Name, string? Reference, IReadOnlyList<MeasureValue> Measures);

/// <summary>
/// <c>POST /api/measure</c>: the core's measures (<see cref="QualityMeasures.Choose"/>, as <c>lumos measure</c> picks
/// them) on an uploaded image, and PSNR, SSIM and the rest against an uploaded <c>reference</c>. It decodes, so it
/// holds a work slot like a job.
/// </summary>
public static class MeasureEndpoint
{
    private static readonly HashSet<string> FileFields = new(["file", "reference"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Maps <c>POST /api/measure</c>.</summary>
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/measure", Measure).DisableAntiforgery()
            .WithSummary("Measure an image (field 'file'); with a 'reference' file also PSNR, SSIM and the other full-reference measures; 'measures' picks some by name")
            .AcceptsForm(null,
                new("file", "the image", IsFile: true, Required: true),
                new("reference", "a reference image of the same size, for the full-reference measures", IsFile: true),
                new("measures", "comma-separated measure names (GET /api/measures); default: every one that applies"))
            .Produces<MeasureReport>()
            .RefusesBadUploads();

    private static async Task<IResult> Measure(HttpRequest request, JobStore store, WorkSlots slots, ServeOptions options)
    {
        // The uploads wait in a folder of their own while they are measured, and go with it.
        var folder = store.CreateFolder();
        try
        {
            var abort = request.HttpContext.RequestAborted;
            var upload = await UploadReader.ReadAsync(request, folder, options.MaxUploadBytes, FileFields, abort);
            var unknown = upload.Fields.FirstOrDefault(f => !f.Key.Equals("measures", StringComparison.OrdinalIgnoreCase));
            if (unknown.Key is not null) throw LumosException.Usage($"unknown parameter '{unknown.Key}' (measure takes 'measures', 'file' and 'reference')");
            if (!upload.Files.TryGetValue("file", out var file)) throw LumosException.Usage("no image: send it as the multipart field 'file'");
            upload.Files.TryGetValue("reference", out var reference);
            var chosen = QualityMeasures.Choose(upload.Field("measures"), reference is not null);
            using var slot = await slots.TakeAsync(abort);
            using var image = await Decode(file, options, abort);
            using var referenceImage = reference is null ? null : await Decode(reference, options, abort);
            if (referenceImage is not null) QualityMeasures.CheckComparable(image, referenceImage);
            var readings = QualityMeasures.MeasureAll(chosen, image, referenceImage);
            return Results.Ok(new MeasureReport(file.Name, reference?.Name, [.. readings.Select(r => new MeasureValue(r.Info.Name, r.Value,
                r.Measure.Goal.Better(), r.Info.Summary, r.Error))]));
        }
        finally
        {
            JobStore.DeleteFolder(folder);
        }
    }

    private static async Task<OpenCvSharp.Mat> Decode(UploadedFile file, ServeOptions options, CancellationToken abort) =>
        ImageIO.Decode(await File.ReadAllBytesAsync(file.Path, abort), file.Name, options.ReadOptions);
}
