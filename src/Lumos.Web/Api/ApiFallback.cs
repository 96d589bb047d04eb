using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Lumos.Web.Api;

/// <summary>
/// What an <c>/api/</c> request no endpoint takes is told: 405 with an <c>Allow</c> header when the address exists for
/// other methods (<c>GET /api/jobs</c>), else 404. Routing alone cannot say so here, since the catch-all that keeps
/// unknown API addresses from reaching the page takes every method.
/// </summary>
public static class ApiFallback
{
    /// <summary>Answers a request that reached the catch-all.</summary>
    public static IResult Answer(HttpContext context, EndpointDataSource endpoints)
    {
        var path = context.Request.Path;
        var allowed = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null
                && new TemplateMatcher(new RouteTemplate(e.RoutePattern), []).TryMatch(path, []))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (allowed.Count == 0) return ApiErrors.Result(StatusCodes.Status404NotFound, "no such endpoint (see /openapi/v1.json)");
        context.Response.Headers.Allow = string.Join(", ", allowed);
        return ApiErrors.Result(StatusCodes.Status405MethodNotAllowed, $"{context.Request.Method} is not allowed here (allowed: {string.Join(", ", allowed)})");
    }
}
