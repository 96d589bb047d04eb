using Lumos.Web.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lumos.Web.Api;

/// <summary>The body of every error the API returns: one line a person can act on.</summary>
/// <param name="Error">What went wrong; never a stack trace or a server path.</param>
public sealed record ApiError(string Error);

/// <summary>
/// Maps every failure to a status and one line, in one place (as the CLI's LumosApp maps them to exit codes): bad
/// input 400, an upload over the limit 413, a bug 500 with its type only. The full exception goes to the server's log.
/// </summary>
public static class ApiErrors
{
    /// <summary>An error result with <paramref name="status"/>.</summary>
    public static IResult Result(int status, string message) => Results.Json(new ApiError(message), statusCode: status);

    /// <summary>Runs the rest of the pipeline, answering any exception it throws.</summary>
    public static async Task Handle(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nobody to answer.
        }
        catch (Exception e)
        {
            var (status, message) = e switch
            {
                LumosException lumos => (StatusCodes.Status400BadRequest, lumos.Message),
                UploadTooLargeException tooLarge => (StatusCodes.Status413PayloadTooLarge, tooLarge.Message),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "the upload is larger than the limit (--max-upload-mb)"),
                BadHttpRequestException bad => (bad.StatusCode, "malformed request"),
                _ => (StatusCodes.Status500InternalServerError, $"internal error ({e.GetType().Name})"),
            };
            if (status >= 500)
                context.RequestServices.GetService<ILogger<ApiError>>()?.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted) return;
            context.Response.Clear();
            // A refused upload is not read to its end: the connection closes rather than drain what is left.
            if (status == StatusCodes.Status413PayloadTooLarge) context.Response.Headers.Connection = "close";
            await Result(status, ServerPaths.Hide(message.Split('\n')[0].Trim(), context.RequestServices.GetService<ServeOptions>()?.DataFolder)).ExecuteAsync(context);
        }
    }
}
