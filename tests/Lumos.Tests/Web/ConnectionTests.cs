using System.Net.Sockets;
using System.Text;
using Lumos.Web.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Lumos.Tests.Web;

/// <summary>Clients that connect and vanish, or upload slowly, against a real Kestrel server: no worker is ever theirs.</summary>
public sealed class ConnectionTests
{
    private const string PartialUpload =
        "POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n" +
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\u0089PNG\r\n";

    [Fact]
    public async Task A_thousand_connections_opened_and_dropped_mid_upload_leave_no_files_and_no_busy_worker()
    {
        await using var server = await RealServer.Start();
        var sockets = new List<Socket>();
        try
        {
            foreach (var chunk in Enumerable.Range(0, 1000).Chunk(100))
                sockets.AddRange(await Task.WhenAll(chunk.Select(i => Connect(server, i % 2 == 0 ? PartialUpload : "GET /api/jo"))));
        }
        finally
        {
            foreach (var socket in sockets) socket.Dispose();
        }

        using var client = new HttpClient { BaseAddress = server.Address };
        var id = await Web.Submit(client, Web.DarkPng(), ("method", "gamma"));
        Assert.Equal("done", (await Web.WaitForEnd(client, id)).GetProperty("state").GetString());
        var slots = server.Services.GetRequiredService<WorkSlots>();
        await JobsApiTests.Eventually(() => slots.Free == server.Options.Concurrency
            && Directory.GetDirectories(server.Options.DataFolder).Select(Path.GetFileName).SequenceEqual([id]));
    }

    [Fact]
    public async Task A_slow_upload_holds_no_worker_while_another_job_runs()
    {
        await using var server = await RealServer.Start(o => o with { Concurrency = 1 });
        using var slow = await Connect(server, PartialUpload); // sends a tenth of its body, then nothing
        using var client = new HttpClient { BaseAddress = server.Address };
        var id = await Web.Submit(client, Web.DarkPng(), ("method", "gamma"));
        Assert.Equal("done", (await Web.WaitForEnd(client, id)).GetProperty("state").GetString());
        Assert.True(slow.Connected);
    }

    private static async Task<Socket> Connect(RealServer server, string send)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Address.Host, server.Address.Port);
        await socket.SendAsync(Encoding.Latin1.GetBytes(send));
        return socket;
    }
}
