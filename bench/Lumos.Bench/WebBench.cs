using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>
/// <c>lumos serve</c> under load (issue 15): the real server in its own process on 127.0.0.1, driven over HTTP as a
/// client would (upload, follow the job's events to its end, download the result). Two rounds of 1,000 small
/// enhancements from 16 clients (errors, p50/p99 latency, requests/s, the server's peak RSS per round: flat if nothing
/// leaks), then two rounds of 20 concurrent 12 MP uploads (peak RSS bounded by --concurrency, not by the 20).
/// </summary>
internal static class WebBench
{
    private const int Concurrency = 2;

    public static int Run(BenchSettings settings)
    {
        var cli = ChildProcess.FindCli();
        var lines = new List<string>
        {
            "| load | round | requests | clients | errors | p50 ms | p99 ms | requests/s | server peak RSS MiB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        int small = settings.Files?.FirstOrDefault() ?? 1_000;
        using (var server = Server.Start(cli))
        {
            var png = SmallPng();
            Load(server, png, "dark.png", 20, 4); // warm-up: JIT, first codecs
            for (int round = 1; round <= 2; round++)
                lines.Add(Row($"96x64 PNG, gamma", round, Load(server, png, "dark.png", small, 16)));
        }
        using (var server = Server.Start(cli))
        {
            var (photo, source) = BenchImage.Load(settings.Image);
            string load = $"{photo.Width}x{photo.Height} JPEG, gamma";
            byte[] jpeg;
            using (photo) Cv2.ImEncode(".jpg", photo, out jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 95));
            Console.Error.WriteLine($"  12 MP uploads: {source}, {jpeg.Length / 1048576.0:0.0} MiB JPEG");
            for (int round = 1; round <= 2; round++) lines.Add(Row(load, round, Load(server, jpeg, "photo.jpg", 20, 20)));
            // The same with 4 clients: a peak as high as with 20 shows the limit, not the crowd, sets the memory.
            lines.Add(Row(load, 3, Load(server, jpeg, "photo.jpg", 4, 4)));
        }
        string caption = $"lumos serve --concurrency {Concurrency} in its own process on 127.0.0.1; a request = POST /api/jobs, "
            + "GET its events until done, GET the result; latency from the first byte sent to the last byte of the result; "
            + $"peak RSS = the server's VmHWM over the round (reset before it); {Environment.ProcessorCount} cores";
        foreach (var line in lines) Console.WriteLine(line);
        Console.WriteLine();
        Console.WriteLine(caption);
        if (settings.Markdown is not null) File.WriteAllText(settings.Markdown, string.Join('\n', lines) + "\n\n" + caption + "\n");
        return 0;
    }

    private sealed record Round(int Requests, int Clients, int Errors, double[] Milliseconds, double Seconds, long PeakBytes);

    private static string Row(string load, int round, Round r)
    {
        var sorted = r.Milliseconds.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"| {load} | {round} | {r.Requests} | {r.Clients} | {r.Errors} | {Percentile(0.5):0} | {Percentile(0.99):0} | {r.Requests / r.Seconds:0.0} | {r.PeakBytes / 1048576.0:0} |");
    }

    /// <summary>Sends <paramref name="requests"/> jobs from <paramref name="clients"/> clients at once, each one after another.</summary>
    private static Round Load(Server server, byte[] image, string name, int requests, int clients)
    {
        ChildProcess.ResetHighWaterMark(server.Process.Id);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(10) };
        int next = -1, errors = 0;
        var reasons = new System.Collections.Concurrent.ConcurrentBag<string>();
        var latencies = new double[requests];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                if (await One(http, image, name) is { } reason)
                {
                    Interlocked.Increment(ref errors);
                    reasons.Add(reason);
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })).ToArray();
        Task.WaitAll(workers);
        foreach (var reason in reasons.Distinct()) Console.Error.WriteLine($"  error: {reason}");
        return new Round(requests, clients, errors, latencies, clock.Elapsed.TotalSeconds, ChildProcess.HighWaterMark(server.Process.Id));
    }

    /// <summary>One client request from upload to result; null when it worked, else what went wrong.</summary>
    private static async Task<string?> One(HttpClient http, byte[] image, string name)
    {
        try
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(image), "file", name }, { new StringContent("gamma"), "method" } };
            using var posted = await http.PostAsync("/api/jobs", form);
            var body = await posted.Content.ReadAsStringAsync();
            if (posted.StatusCode != HttpStatusCode.Accepted) return $"POST {(int)posted.StatusCode}: {body}";
            var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
            var events = await http.GetStringAsync($"/api/jobs/{id}/events");
            if (!events.Contains("event: done", StringComparison.Ordinal)) return $"events: {events.Split("\n\n")[^2]}";
            return (await http.GetByteArrayAsync($"/api/jobs/{id}/result")).Length > 0 ? null : "empty result";
        }
        catch (HttpRequestException e) { return $"{e.GetType().Name}: {e.Message}"; }
    }

    private static byte[] SmallPng()
    {
        using var image = new Mat(64, 96, MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(60));
        Cv2.ImEncode(".png", image, out var png);
        return png;
    }

    /// <summary>A <c>lumos serve</c> process on a free loopback port with a data folder of its own.</summary>
    private sealed class Server : IDisposable
    {
        private readonly string data;

        private Server(Process process, Uri address, string data) => (Process, Address, this.data) = (process, address, data);

        public Process Process { get; }
        public Uri Address { get; }

        public static Server Start(string cli)
        {
            var data = Directory.CreateTempSubdirectory("lumos-web-bench-").FullName;
            var port = FreePort();
            var start = new ProcessStartInfo(cli, ["serve", "--urls", $"http://127.0.0.1:{port}", "--concurrency", Concurrency.ToString(CultureInfo.InvariantCulture),
                "--data", data, "--max-upload-mb", "100"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            var process = Process.Start(start)!;
            var line = process.StandardOutput.ReadLine();
            if (line is null || !line.Contains("listening", StringComparison.Ordinal))
                throw new LumosException($"lumos serve did not start: {process.StandardError.ReadToEnd().Split('\n')[0]}");
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  server: {e.Data}"); };
            process.BeginErrorReadLine();
            return new Server(process, new Uri($"http://127.0.0.1:{port}"), data);
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
            Process.Dispose();
            Directory.Delete(data, recursive: true);
        }
    }
}
