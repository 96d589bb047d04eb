using System.Net.Http.Json;
using System.Text.Json;
using Lumos.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenCvSharp;

namespace Lumos.Tests.Web;

/// <summary>
/// Lumos' web app in process (WebApplicationFactory over the test server), set up exactly as <c>lumos serve</c> sets it
/// up (<see cref="LumosWeb.AddLumosWeb"/>, <see cref="LumosWeb.UseLumosWeb"/>), with a data folder of its own. The
/// factory wants a type from the program that serves the app: that is the lumos CLI.
/// </summary>
public sealed class LumosWebFactory : WebApplicationFactory<Lumos.Cli.CliServices>
{
    private readonly TempFolder data = new();

    public LumosWebFactory(Func<ServeOptions, ServeOptions>? configure = null) =>
        Options = (configure ?? (o => o))(new ServeOptions { DataFolder = data.Path, Concurrency = 2 });

    public ServeOptions Options { get; }

    /// <summary>The job folders now in the data folder.</summary>
    public string[] JobFolders => Directory.GetDirectories(data.Path).Select(Path.GetFileName).ToArray()!;

    protected override IHostBuilder CreateHostBuilder() => new HostBuilder();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseContentRoot(AppContext.BaseDirectory)
            .ConfigureServices(services => services.AddLumosWeb(Options))
            .Configure(app => app.UseLumosWeb());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) data.Dispose();
    }
}

/// <summary>Requests and images the web tests share.</summary>
internal static class Web
{
    /// <summary>A small dark PNG (96×64 unless told).</summary>
    public static byte[] DarkPng(int width = 96, int height = 64)
    {
        using var image = TestData.DarkColour(width, height);
        Cv2.ImEncode(".png", image, out var png);
        return png;
    }

    /// <summary>A multipart form with <paramref name="image"/> as field <c>file</c> and the given text fields.</summary>
    public static MultipartFormDataContent Form(byte[] image, string fileName = "dark.png", params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(image), "file", fileName } };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    /// <summary>Posts a job and returns its id.</summary>
    public static async Task<string> Submit(HttpClient client, byte[] image, params (string Name, string Value)[] fields)
    {
        using var response = await client.PostAsync("/api/jobs", Form(image, "dark.png", fields));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Polls a job until it has ended (or 30 s have passed) and returns its last status.</summary>
    public static async Task<JsonElement> WaitForEnd(HttpClient client, string id)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
            if (status.GetProperty("state").GetString() is "done" or "failed" or "cancelled" || clock.Elapsed > TimeSpan.FromSeconds(30)) return status;
            await Task.Delay(20);
        }
    }

    /// <summary>The error line of an error response.</summary>
    public static async Task<string> Error(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!;

    /// <summary>Mean of the three colour channels of an encoded image.</summary>
    public static double Mean(byte[] encoded)
    {
        using var image = Cv2.ImDecode(encoded, ImreadModes.Color);
        var mean = Cv2.Mean(image);
        return (mean.Val0 + mean.Val1 + mean.Val2) / 3;
    }
}

/// <summary>A real Kestrel server on a free loopback port, for browsers and raw connections.</summary>
internal sealed class RealServer : IAsyncDisposable
{
    private readonly TempFolder data;
    private readonly WebApplication app;

    private RealServer(WebApplication app, ServeOptions options, TempFolder data)
    {
        this.app = app;
        this.data = data;
        Options = options;
    }

    public ServeOptions Options { get; }

    public Uri Address => new(app.Urls.First());

    public IServiceProvider Services => app.Services;

    public static async Task<RealServer> Start(Func<ServeOptions, ServeOptions>? configure = null)
    {
        var folder = new TempFolder();
        var options = (configure ?? (o => o))(new ServeOptions { Urls = "http://127.0.0.1:0", DataFolder = folder.Path, Concurrency = 2 });
        var app = LumosWeb.Create(options);
        await app.StartAsync();
        return new RealServer(app, options, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        data.Dispose();
    }
}
