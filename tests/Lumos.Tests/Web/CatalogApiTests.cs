using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lumos.Measures;
using Lumos.Methods;
using Lumos.Processing;
using Lumos.SuperResolution;

namespace Lumos.Tests.Web;

/// <summary>The registries as the page's forms see them, the OpenAPI document and the embedded page.</summary>
public sealed class CatalogApiTests : IClassFixture<CatalogApiTests.Server>
{
    public sealed class Server : IDisposable
    {
        public LumosWebFactory Factory { get; } = new();
        public void Dispose() => Factory.Dispose();
    }

    private readonly HttpClient client;

    public CatalogApiTests(Server server) => client = server.Factory.CreateClient();

    [Fact]
    public async Task Methods_lists_every_registered_method_and_upscaler()
    {
        var catalog = await client.GetFromJsonAsync<JsonElement>("/api/methods");
        Assert.Equal(EnhancementMethods.Registry.All.Select(c => c.Name), Names(catalog.GetProperty("methods")));
        Assert.Equal(Upscalers.Registry.All.Select(c => c.Name), Names(catalog.GetProperty("upscalers")));
    }

    [Fact]
    public async Task A_parameter_carries_its_type_default_range_and_description_from_the_options_record()
    {
        var catalog = await client.GetFromJsonAsync<JsonElement>("/api/methods");
        var lime = catalog.GetProperty("methods").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "lime");
        var expected = EnhancementMethods.Registry.Get("lime").Parameters.Single(p => p.Name == "gamma");
        var gamma = lime.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "gamma");
        Assert.Equal("number", gamma.GetProperty("type").GetString());
        Assert.Equal(expected.DefaultText, gamma.GetProperty("default").GetString());
        Assert.Equal(expected.Min, gamma.GetProperty("min").GetDouble());
        Assert.Equal(expected.Max, gamma.GetProperty("max").GetDouble());
        Assert.Equal(expected.Description, gamma.GetProperty("description").GetString());
        var solver = lime.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "solver");
        Assert.Equal("choice", solver.GetProperty("type").GetString());
        Assert.Equal(["exact", "fast"], solver.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Every_upscaler_offers_a_scale()
    {
        var catalog = await client.GetFromJsonAsync<JsonElement>("/api/methods");
        Assert.All(catalog.GetProperty("upscalers").EnumerateArray(), upscaler =>
            Assert.Contains(upscaler.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == Operations.ScaleKey));
        var bicubic = catalog.GetProperty("upscalers").EnumerateArray().Single(u => u.GetProperty("name").GetString() == "bicubic");
        Assert.Equal(Operations.MaxScale, bicubic.GetProperty("parameters")[0].GetProperty("max").GetDouble());
        // The form starts at a scale the server runs: srcnn ships only a ×3 model, so ×2 would be refused.
        string DefaultScale(string name) => catalog.GetProperty("upscalers").EnumerateArray().Single(u => u.GetProperty("name").GetString() == name)
            .GetProperty("parameters")[0].GetProperty("default").GetString()!;
        Assert.Equal(("2", "3", "2"), (DefaultScale("bicubic"), DefaultScale("srcnn"), DefaultScale("fsrcnn")));
    }

    [Fact]
    public async Task Net_methods_offer_their_run_options_but_not_the_threads_the_server_sets()
    {
        var catalog = await client.GetFromJsonAsync<JsonElement>("/api/methods");
        var fsrcnn = catalog.GetProperty("upscalers").EnumerateArray().Single(u => u.GetProperty("name").GetString() == "fsrcnn");
        var names = fsrcnn.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Contains("engine", names);
        Assert.DoesNotContain("threads", names);
        Assert.Contains(Upscalers.Registry.Get("fsrcnn").Parameters, p => p.Name == "threads");
    }

    [Fact]
    public async Task Presets_and_measures_are_listed_by_name_without_server_paths()
    {
        var presets = await client.GetStringAsync("/api/presets");
        Assert.Equal(Presets.All.Select(p => p.Name), Names(JsonDocument.Parse(presets).RootElement));
        Assert.DoesNotContain(Presets.Folders[0], presets);
        Assert.All(JsonDocument.Parse(presets).RootElement.EnumerateArray(), p => Assert.False(p.TryGetProperty("file", out _)));
        var measures = await client.GetFromJsonAsync<JsonElement>("/api/measures");
        Assert.Equal(QualityMeasures.Registry.All.Select(m => m.Name), Names(measures));
        Assert.True(measures.EnumerateArray().Single(m => m.GetProperty("name").GetString() == "psnr").GetProperty("needsReference").GetBoolean());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint()
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "/api/methods", "/api/presets", "/api/measures", "/api/jobs", "/api/jobs/{id}", "/api/jobs/{id}/events",
            "/api/jobs/{id}/result", "/api/measure", "/api/results.zip" }, paths);

        // The uploads, which the endpoints read themselves, are described: the form, the answer and the refusals.
        var post = document.GetProperty("paths").GetProperty("/api/jobs").GetProperty("post");
        var form = post.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("binary", form.GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.Equal(["file"], form.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["202", "400", "413"], post.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
        Assert.Contains("state", post.GetProperty("responses").GetProperty("202").GetRawText() + Schema(document, "JobStatus"));
        var measure = document.GetProperty("paths").GetProperty("/api/measure").GetProperty("post");
        Assert.True(measure.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema")
            .GetProperty("properties").TryGetProperty("reference", out _));
    }

    private static string Schema(JsonElement document, string name) =>
        document.GetProperty("components").GetProperty("schemas").TryGetProperty(name, out var schema) ? schema.GetRawText() : "";

    [Theory]
    [InlineData("GET", "/api/jobs", "POST")]
    [InlineData("DELETE", "/api/methods", "GET")]
    [InlineData("PUT", "/api/jobs/0123456789abcdef0123456789abcdef", "DELETE, GET")]
    public async Task A_known_address_with_another_method_is_405_naming_the_allowed_ones(string method, string path, string allowed)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allowed, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal($"{method} is not allowed here (allowed: {allowed})", await Web.Error(response));
        using var unknown = await client.GetAsync("/api/nosuch");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_page_and_its_script_are_served_from_the_assembly()
    {
        using var page = await client.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>Lumos</title>", html);
        Assert.DoesNotContain("http", html.Replace("http-equiv", "")); // nothing from elsewhere
        Assert.Equal("text/javascript", (await client.GetAsync("/app.js")).Content.Headers.ContentType!.MediaType);
    }

    private static IEnumerable<string> Names(JsonElement list) => list.EnumerateArray().Select(e => e.GetProperty("name").GetString()!);
}
