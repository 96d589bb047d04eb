using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Lumos.Web.Api;

/// <summary>One field of a multipart upload, as the OpenAPI document describes it.</summary>
/// <param name="Name">The form field's name.</param>
/// <param name="Description">What it carries.</param>
/// <param name="IsFile">True for a file part (binary), false for a text field.</param>
/// <param name="Required">True when the request is refused without it.</param>
public sealed record FormField(string Name, string Description, bool IsFile = false, bool Required = false);

/// <summary>
/// Describes the endpoints that read their multipart body themselves (streamed to disk, limits counted as it arrives):
/// the generator sees no parameter there, so the form, the success answer and the errors are declared here.
/// </summary>
public static class OpenApiForms
{
    /// <summary>Declares a <c>multipart/form-data</c> request body of <paramref name="fields"/>.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="otherFields">What any other field means (a job's parameters), or null when there are none.</param>
    /// <param name="fields">The named fields.</param>
    public static RouteHandlerBuilder AcceptsForm(this RouteHandlerBuilder endpoint, string? otherFields, params FormField[] fields) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = f.IsFile ? "binary" : null,
                    Description = f.Description,
                }),
                Required = fields.Where(f => f.Required).Select(f => f.Name).ToHashSet(),
                AdditionalProperties = otherFields is null ? null : new OpenApiSchema { Type = JsonSchemaType.String, Description = otherFields },
                AdditionalPropertiesAllowed = otherFields is not null,
            };
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = schema } },
            };
            return Task.CompletedTask;
        });

    /// <summary>Declares the one-line error bodies (<see cref="ApiError"/>) an upload can be answered with: 400 and 413.</summary>
    public static RouteHandlerBuilder RefusesBadUploads(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<ApiError>(StatusCodes.Status400BadRequest)
        .Produces<ApiError>(StatusCodes.Status413PayloadTooLarge);
}
