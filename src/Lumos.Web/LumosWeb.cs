using System.Net.Sockets;
using System.Text.Json.Serialization;
using Lumos.Imaging;
using Lumos.Web.Api;
using Lumos.Web.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lumos.Web;

/// <summary>
/// <c>lumos serve</c>: the page and the HTTP API in one process. The services and the request pipeline are set up
/// here once, for the real server (<see cref="Create"/>, <see cref="RunAsync"/>) and for in-process tests alike.
/// </summary>
public static class LumosWeb
{
    /// <summary>Adds the job store, queue, expiry, work slots, JSON settings and the OpenAPI document.</summary>
    /// <exception cref="LumosException">A setting in <paramref name="options"/> is invalid.</exception>
    public static IServiceCollection AddLumosWeb(this IServiceCollection services, ServeOptions options)
    {
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JobStore>();
        services.AddSingleton<WorkSlots>();
        services.AddSingleton<JobQueue>();
        services.AddHostedService(provider => provider.GetRequiredService<JobQueue>());
        services.AddHostedService<JobExpiry>();
        services.AddRouting();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Lumos";
            document.Info.Description = "Low-light enhancement and super-resolution: upload an image, run a method, preset or pipeline, fetch the result.";
            return Task.CompletedTask;
        }));
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            json.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        return services;
    }

    /// <summary>The request pipeline: error mapping, the embedded page, the API and <c>/openapi/v1.json</c>.</summary>
    public static IApplicationBuilder UseLumosWeb(this IApplicationBuilder app)
    {
        app.Use(ApiErrors.Handle);
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; style-src 'self'; script-src 'self'";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        var page = new EmbeddedFileProvider(typeof(LumosWeb).Assembly, "Lumos.Web.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        app.UseRouting();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapOpenApi();
            CatalogEndpoints.Map(endpoints);
            JobEndpoints.Map(endpoints);
            MeasureEndpoint.Map(endpoints);
            ResultsArchive.Map(endpoints);
            endpoints.MapFallback("/api/{**rest}", ApiFallback.Answer);
        });
        return app;
    }

    /// <summary>Builds the server on Kestrel at <see cref="ServeOptions.Urls"/>; warnings and errors only are logged.</summary>
    /// <exception cref="LumosException">A setting is invalid.</exception>
    public static WebApplication Create(ServeOptions options)
    {
        var urls = options.ListenUrls();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders().AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None); // a failed start is rethrown and said in one line
        builder.WebHost.UseUrls([.. urls]);
        // A backstop for what the upload reader already refuses: Kestrel's own limit, a little above ours for the form's headers.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes + 64 * 1024);
        builder.Services.AddLumosWeb(options);
        var app = builder.Build();
        app.UseLumosWeb();
        return app;
    }

    /// <summary>Runs the server until <paramref name="cancellation"/> fires (Ctrl-C), printing where it listens.</summary>
    /// <exception cref="LumosException">A setting is invalid, or an address cannot be listened on (in use, not this machine's).</exception>
    public static async Task RunAsync(ServeOptions options, TextWriter output, CancellationToken cancellation)
    {
        try { Directory.CreateDirectory(options.DataFolder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LumosException($"--data {options.DataFolder}: cannot create the folder ({AtomicFile.Reason(e)})", e);
        }
        await using var app = Create(options);
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
        {
            var reason = e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e is IOException && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                ? "the address is already in use" : e.Message.Split('\n')[0].TrimEnd('.');
            throw new LumosException($"cannot listen on {options.Urls}: {reason}");
        }
        output.WriteLine($"lumos serve: listening on {string.Join(", ", app.Urls)} (data in {options.DataFolder}; Ctrl-C stops)");
        await app.WaitForShutdownAsync(cancellation);
        await app.StopAsync(CancellationToken.None);
    }
}
