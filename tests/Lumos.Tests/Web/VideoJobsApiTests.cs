using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lumos.Tests.Video;
using Lumos.Video;
using Lumos.Web.Jobs;

namespace Lumos.Tests.Web;

/// <summary>
/// Videos through POST /api/jobs: sniffed by content, probed before decoding, run frame by frame under the same queue,
/// slots and cancellation as images, with their progress as percentages over the event stream. Clips are made here by
/// ffmpeg from the bundled dark sample; the tests skip visibly where ffmpeg is absent.
/// </summary>
public sealed class VideoJobsApiTests
{
    [SkippableFact]
    public async Task A_video_job_reports_percentages_and_gives_a_brighter_video_with_every_frame()
    {
        using var folder = new TempFolder();
        // Eight seconds, so that a loaded machine, whose thread pool may hold back the event stream for a second or two
        // (other tests saturate it), still shows a percentage between 0 and 100: four seconds (1.5 s of work) once did not.
        var clip = Clip(folder, "clip.mp4", seconds: 8, 640, 360);
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        var id = await Submit(client, clip, ("method", "gamma"));

        var events = Parse(await client.GetStringAsync($"/api/jobs/{id}/events"));
        Assert.Equal("done", events[^1].GetProperty("state").GetString());
        Assert.Equal("video", events[^1].GetProperty("kind").GetString());
        Assert.Equal(100, events[^1].GetProperty("progress").GetInt32());
        Assert.Contains(events, e => e.GetProperty("state").GetString() == "running" && e.GetProperty("progress").ValueKind == JsonValueKind.Number
            && e.GetProperty("progress").GetInt32() is > 0 and < 100);

        using var result = await client.GetAsync($"/api/jobs/{id}/result");
        Assert.Equal("video/mp4", result.Content.Headers.ContentType!.MediaType);
        Assert.Equal("clip-gamma.mp4", result.Content.Headers.ContentDisposition!.FileName);
        var output = folder.File("result.mp4");
        await File.WriteAllBytesAsync(output, await result.Content.ReadAsByteArrayAsync());
        Assert.Equal(VideoInfo.Probe(clip).Frames, VideoInfo.Probe(output).Frames);
        Assert.True(Flicker.Trace(output).Mean > Flicker.Trace(clip).Mean + 0.05, "the result is not brighter");
    }

    [Fact]
    public async Task A_text_file_named_like_a_video_is_refused_in_one_line()
    {
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/jobs", Web.Form("this is not a video\n"u8.ToArray(), "notes.mp4", ("method", "gamma")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("notes.mp4: not a video Lumos reads (no MP4, Matroska/WebM or AVI header)", await Web.Error(response));
        Assert.Empty(factory.JobFolders);
    }

    [SkippableFact]
    public async Task An_audio_only_file_is_refused_as_having_no_video_stream()
    {
        Skip.If(!VideoClips.OnPath("ffmpeg"), "ffmpeg is absent: video test skipped");
        using var folder = new TempFolder();
        var tone = folder.File("tone.m4a");
        VideoClips.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "1", "-c:a", "aac", tone);
        await using var factory = new LumosWebFactory();
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/jobs", Web.Form(await File.ReadAllBytesAsync(tone), "tone.m4a", ("method", "gamma")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("tone.m4a: no video stream", await Web.Error(response));
        Assert.Empty(factory.JobFolders);
    }

    [SkippableFact]
    public async Task Video_frames_above_the_megapixel_limit_are_refused_before_decoding()
    {
        using var folder = new TempFolder();
        var clip = Clip(folder, "big.mkv", seconds: 0.25, 640, 360);
        await using var factory = new LumosWebFactory(o => o with { MaxMegapixels = 0.1 });
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/jobs", Web.Form(await File.ReadAllBytesAsync(clip), "big.mkv", ("method", "gamma")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("big.mkv: video frames are 640×360 (0.23 MP), above the 0.1 MP limit", await Web.Error(response));
    }

    [SkippableFact]
    public async Task Deleting_a_running_video_job_frees_the_worker_and_leaves_no_files()
    {
        using var folder = new TempFolder();
        var clip = Clip(folder, "long.mp4", seconds: 5, 640, 360); // lime over 120 frames: far longer than the test waits
        await using var factory = new LumosWebFactory(o => o with { Concurrency = 1 });
        using var client = factory.CreateClient();
        var id = await Submit(client, clip, ("method", "lime"));

        bool running = false;
        await using (var stream = await client.GetStreamAsync($"/api/jobs/{id}/events"))
        {
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                var status = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                Assert.NotEqual("done", status.GetProperty("state").GetString());
                running = status.GetProperty("progress") is { ValueKind: JsonValueKind.Number } progress && progress.GetInt32() > 0;
                if (running) break;
            }
        }
        Assert.True(running, "the job ended before it was seen running");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/jobs/{id}")).StatusCode);

        var slots = (WorkSlots)factory.Services.GetService(typeof(WorkSlots))!;
        await JobsApiTests.Eventually(() => slots.Free == 1);
        await JobsApiTests.Eventually(() => factory.JobFolders.Length == 0);
        var next = await Web.Submit(client, Web.DarkPng(), ("method", "gamma"));
        Assert.Equal("done", (await Web.WaitForEnd(client, next)).GetProperty("state").GetString());
    }

    /// <summary>A clip of the dark sample at 24 fps (H.264, or FFV1 into .mkv), made fast.</summary>
    private static string Clip(TempFolder folder, string name, double seconds, int width, int height)
    {
        Skip.If(!VideoClips.OnPath("ffmpeg"), "ffmpeg is absent (.ci/install-deps installs it): video test skipped");
        var path = folder.File(name);
        string[] codec = name.EndsWith(".mkv", StringComparison.Ordinal) ? ["-c:v", "ffv1"] : ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"];
        VideoClips.Ffmpeg(["-loop", "1", "-i", Path.Combine(TestData.Samples, "dark-coffee.png"), "-vf", $"scale={width}:{height}", "-r", "24",
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. codec, path]);
        return path;
    }

    private static async Task<string> Submit(HttpClient client, string video, params (string Name, string Value)[] fields)
    {
        using var response = await client.PostAsync("/api/jobs", Web.Form(await File.ReadAllBytesAsync(video), Path.GetFileName(video), fields));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static List<JsonElement> Parse(string stream) =>
        [.. stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => JsonDocument.Parse(e.Split("data: ")[1]).RootElement)];
}
