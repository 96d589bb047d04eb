using Lumos.Measures;
using Lumos.Methods;
using Lumos.Processing;
using Lumos.Registry;
using Lumos.SuperResolution;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lumos.Web.Api;

/// <summary>A parameter as a form needs it.</summary>
/// <param name="Name">Form field name, e.g. <c>clip-limit</c>.</param>
/// <param name="Description">What it does.</param>
/// <param name="Type">number, integer, boolean, choice, list or text.</param>
/// <param name="Default">The default as the field's initial text.</param>
/// <param name="Min">Smallest allowed value, if bounded.</param>
/// <param name="Max">Largest allowed value, if bounded.</param>
/// <param name="Choices">The allowed values of a choice.</param>
public sealed record ParameterView(string Name, string Description, string Type, string Default, double? Min, double? Max, IReadOnlyList<string> Choices);

/// <summary>A registered method or upscaler.</summary>
/// <param name="Name">Its registered name.</param>
/// <param name="Summary">One line on what it does.</param>
/// <param name="Citation">The paper or source it follows.</param>
/// <param name="Parameters">Its parameters (an upscaler's start with <c>scale</c>).</param>
public sealed record ComponentView(string Name, string Summary, string Citation, IReadOnlyList<ParameterView> Parameters);

/// <summary>Everything <c>POST /api/jobs</c> can run by name.</summary>
/// <param name="Methods">Low-light enhancement methods (<c>method=NAME</c>).</param>
/// <param name="Upscalers">Super-resolution methods (<c>method=NAME</c> with <c>scale=S</c>).</param>
public sealed record CatalogView(IReadOnlyList<ComponentView> Methods, IReadOnlyList<ComponentView> Upscalers);

/// <summary>A preset (<c>preset=NAME</c>).</summary>
/// <param name="Name">Its name.</param>
/// <param name="Description">What it is for.</param>
public sealed record PresetView(string Name, string Description);

/// <summary>A quality measure <c>POST /api/measure</c> runs.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Summary">What it measures.</param>
/// <param name="NeedsReference">True when it compares with a reference image.</param>
/// <param name="Better">higher, lower or empty (descriptive).</param>
public sealed record MeasureView(string Name, string Summary, bool NeedsReference, string Better);

/// <summary>
/// The registries as JSON, the one source of the page's forms: a method, upscaler, preset or measure added to the core
/// shows up here, with its parameters, ranges, defaults and descriptions, without web code of its own.
/// </summary>
public static class CatalogEndpoints
{
    /// <summary>Maps <c>GET /api/methods</c>, <c>/api/presets</c> and <c>/api/measures</c>.</summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/methods", () => new CatalogView(
                [.. EnhancementMethods.Registry.All.Select(c => View(c, []))],
                [.. Upscalers.Registry.All.Select(c => View(c, c.Parameters.Takes(Operations.ScaleKey) ? [] : [ScaleOf(c)]))]))
            .WithSummary("Enhancement methods and upscalers with their parameters (ranges, defaults, descriptions)");
        endpoints.MapGet("/api/presets", () => Presets.All.Select(p => new PresetView(p.Name, p.Description)).ToArray())
            .WithSummary("Presets: named pipelines");
        endpoints.MapGet("/api/measures", () => QualityMeasures.Registry.All.Select(m => new MeasureView(m.Name, m.Summary,
                typeof(IReferenceMeasure).IsAssignableFrom(m.Type), m.Create().Goal.Better())).ToArray())
            .WithSummary("Quality measures POST /api/measure runs");
    }

    /// <summary>The scale every upscaler takes, as a parameter, defaulting to the upscaler's own (the one scale of srcnn's shipped model).</summary>
    private static ParameterView ScaleOf(ComponentInfo<IUpscaler> upscaler)
    {
        int scale = 2;
        try
        {
            var built = upscaler.Create();
            scale = built.DefaultScale ?? scale;
            (built as IDisposable)?.Dispose();
        }
        catch (LumosException) { } // one that needs a parameter to be built (a model file) has no default of its own
        return new(Operations.ScaleKey, "output side over input side", "integer", scale.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, Operations.MaxScale, []);
    }

    private static ComponentView View<T>(ComponentInfo<T> component, ParameterView[] first) where T : class =>
        new(component.Name, component.Summary, component.Citation,
            [.. first, .. component.Parameters.Where(p => !JobSettings.ServerParameters.Contains(p.Name)).Select(View)]);

    private static ParameterView View(ParameterInfo p) => new(p.Name, p.Description, TypeName(p.Type), p.DefaultText, p.Min, p.Max, p.Choices);

    private static string TypeName(Type type) =>
        type == typeof(double) || type == typeof(float) ? "number"
        : type == typeof(int) ? "integer"
        : type == typeof(bool) ? "boolean"
        : type.IsEnum ? "choice"
        : type == typeof(double[]) ? "list"
        : "text";
}
