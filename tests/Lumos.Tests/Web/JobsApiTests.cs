using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Lumos.Tests.Web;

/// <summary>POST /api/jobs and what follows it: state, events, result, cancellation, expiry.</summary>
public sealed class JobsApiTests
{
    [Fact]
    public async Task A_lime_job_is_queued_runs_and_gives_a_brighter_result()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var input = Web.DarkPng();
        using var response = await client.PostAsync("/api/jobs", Web.Form(input, "dark.png", ("method", "lime")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal($"/api/jobs/{id}", response.Headers.Location!.OriginalString);

        var status = await Web.WaitForEnd(client, id);
        Assert.Equal("done", status.GetProperty("state").GetString());
        Assert.Equal(96, status.GetProperty("width").GetInt32());
        using var result = await client.GetAsync(status.GetProperty("result").GetString());
        Assert.Equal("image/png", result.Content.Headers.ContentType!.MediaType);
        Assert.Equal("dark-lime.png", result.Content.Headers.ContentDisposition!.FileName);
        Assert.True(Web.Mean(await result.Content.ReadAsByteArrayAsync()) > Web.Mean(input) + 20);
    }

    [Fact]
    public async Task A_tiled_net_image_job_reports_percentages_as_its_tiles_are_done()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        using var dark = TestData.DarkColour(480, 480); // about two seconds of MBLLEN in 40-pixel tiles: the events see it run
        var id = await Web.Submit(client, dark.ImEncode(".png"), ("method", "mbllen"), ("tile", "40"));

        var stream = await client.GetStringAsync($"/api/jobs/{id}/events");

        var events = stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => JsonDocument.Parse(e.Split("data: ")[1]).RootElement).ToArray();
        Assert.Equal("done", events[^1].GetProperty("state").GetString());
        Assert.Contains(events, e => e.GetProperty("state").GetString() == "running" && e.GetProperty("progress").ValueKind == JsonValueKind.Number
            && e.GetProperty("progress").GetInt32() is > 0 and < 100);
    }

    [Fact]
    public async Task Events_stream_the_job_state_until_it_ends()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var id = await Web.Submit(client, Web.DarkPng(), ("method", "gamma"));
        var stream = await client.GetStringAsync($"/api/jobs/{id}/events");
        var events = stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event: done\ndata: ", events[^1]);
        var last = JsonDocument.Parse(events[^1].Split("data: ")[1]).RootElement;
        Assert.Equal(id, last.GetProperty("id").GetString());
        Assert.EndsWith("/result", last.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Every_event_stream_ends_with_the_final_state_even_when_jobs_end_while_it_writes()
    {
        // Found by the load bench: a stream that checked the live state after sending an older one could end without "done".
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var streams = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
            await client.GetStringAsync($"/api/jobs/{await Web.Submit(client, Web.DarkPng(32, 24), ("method", "gamma"))}/events")));
        Assert.All(streams, stream => Assert.StartsWith("event: done", stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1]));
    }

    [Theory]
    [InlineData("bicubic", "2", 192, 128)]
    [InlineData(null, "3", 288, 192)]
    public async Task An_upscaler_with_a_scale_enlarges_the_image(string? method, string scale, int width, int height)
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        (string, string)[] fields = method is null ? [("scale", scale)] : [("method", method), ("scale", scale)];
        var status = await Web.WaitForEnd(client, await Web.Submit(client, Web.DarkPng(), fields));
        var bytes = await client.GetByteArrayAsync(status.GetProperty("result").GetString());
        using var image = OpenCvSharp.Cv2.ImDecode(bytes, OpenCvSharp.ImreadModes.Color);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal((width, height), (status.GetProperty("resultWidth").GetInt32(), status.GetProperty("resultHeight").GetInt32()));
        Assert.Equal((96, 64), (status.GetProperty("width").GetInt32(), status.GetProperty("height").GetInt32())); // the input's
    }

    [Fact]
    public async Task A_preset_and_a_pipeline_run_by_name_and_as_JSON()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var preset = await Web.WaitForEnd(client, await Web.Submit(client, Web.DarkPng(), ("preset", "surveillance")));
        Assert.Equal(("done", "preset surveillance"), (preset.GetProperty("state").GetString(), preset.GetProperty("operation").GetString()));
        var pipeline = await Web.WaitForEnd(client, await Web.Submit(client, Web.DarkPng(),
            ("pipeline", """[{"type":"gamma","gamma":0.5},{"type":"bicubic","scale":2}]""")));
        Assert.Equal("done", pipeline.GetProperty("state").GetString());
        Assert.Equal(192, pipeline.GetProperty("width").GetInt32() * 2);
    }

    [Fact]
    public async Task The_format_field_chooses_the_result_format()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var status = await Web.WaitForEnd(client, await Web.Submit(client, Web.DarkPng(), ("method", "gamma"), ("format", "jpg")));
        using var result = await client.GetAsync(status.GetProperty("result").GetString());
        Assert.Equal("image/jpeg", result.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Upload_names_in_any_script_are_kept_in_the_job_and_its_download_name()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        // HttpClient sends the name RFC 2047/5987-encoded; a browser sends its UTF-8 bytes as they are.
        using var encoded = await client.PostAsync("/api/jobs", Web.Form(Web.DarkPng(), "café ночь.png", ("method", "gamma")));
        var boundary = "lumos-test-boundary";
        var raw = new MemoryStream();
        raw.Write(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"method\"\r\n\r\ngamma\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"夜 \u202Egnp.exe\"\r\nContent-Type: image/png\r\n\r\n"));
        raw.Write(Web.DarkPng());
        raw.Write(Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n"));
        var body = new ByteArrayContent(raw.ToArray());
        body.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={boundary}");
        using var browser = await client.PostAsync("/api/jobs", body);
        foreach (var (response, name, download) in new[] { (encoded, "café ночь.png", "café ночь-gamma.png"), (browser, "夜 gnp.exe", "夜 gnp-gamma.png") })
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var status = await Web.WaitForEnd(client, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            Assert.Equal(name, status.GetProperty("name").GetString()); // the bidirectional override that disguised ".exe" is gone
            using var result = await client.GetAsync(status.GetProperty("result").GetString());
            Assert.Equal(download, result.Content.Headers.ContentDisposition!.FileNameStar);
        }
    }

    [Fact]
    public async Task Several_results_download_as_one_zip_with_distinct_names()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var ids = new List<string>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            ids.Add(await Web.Submit(client, Web.DarkPng(), ("method", "gamma")));
            await Web.WaitForEnd(client, ids[^1]);
        }
        using var response = await client.GetAsync($"/api/results.zip?ids={string.Join(',', ids)}");
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal(["dark-gamma.png", "dark-gamma-2.png"], zip.Entries.Select(e => e.FullName));
        using var entry = new MemoryStream();
        await zip.Entries[0].Open().CopyToAsync(entry);
        Assert.Equal(await client.GetByteArrayAsync($"/api/jobs/{ids[0]}/result"), entry.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/results.zip?ids={ids[0]},../../etc")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/results.zip")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_finished_job_removes_it_and_its_files()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var id = await Web.Submit(client, Web.DarkPng(), ("method", "gamma"));
        await Web.WaitForEnd(client, id);
        Assert.Contains(id, factory.JobFolders);
        using var deleted = await client.DeleteAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}/result")).StatusCode);
        Assert.DoesNotContain(id, factory.JobFolders);
    }

    [Fact]
    public async Task Cancelling_a_job_frees_the_only_worker_for_the_next()
    {
        await using var factory = new LumosWebFactory(o => o with { Concurrency = 1 });
        using var client = factory.CreateClient();
        // A job long enough to still be running or queued when it is cancelled, then one behind it.
        var slow = await Web.Submit(client, Web.DarkPng(1600, 1200), ("method", "lime"), ("fast-megapixels", "100"));
        var next = await Web.Submit(client, Web.DarkPng(), ("method", "gamma"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/jobs/{slow}")).StatusCode);
        Assert.Equal("done", (await Web.WaitForEnd(client, next)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{slow}")).StatusCode);
        await Eventually(() => !factory.JobFolders.Contains(slow));
        var slots = factory.Services.GetService(typeof(Lumos.Web.Jobs.WorkSlots)) as Lumos.Web.Jobs.WorkSlots;
        await Eventually(() => slots!.Free == 1);
    }

    [Fact]
    public async Task Finished_jobs_expire_and_their_files_are_deleted()
    {
        await using var factory = new LumosWebFactory(o => o with { Expiry = TimeSpan.FromMilliseconds(300) });
        using var client = factory.CreateClient();
        var id = await Web.Submit(client, Web.DarkPng(), ("method", "gamma"));
        Assert.Equal("done", (await Web.WaitForEnd(client, id)).GetProperty("state").GetString());
        await Eventually(() => !factory.JobFolders.Contains(id));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/jobs/{id}")).StatusCode);
    }

    /// <summary>Waits up to 10 s for <paramref name="condition"/>, failing if it never holds.</summary>
    internal static async Task Eventually(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the condition never held");
            await Task.Delay(20);
        }
    }
}
