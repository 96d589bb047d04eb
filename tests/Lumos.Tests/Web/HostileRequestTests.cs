using System.Net;
using System.Text;

namespace Lumos.Tests.Web;

/// <summary>
/// What a hostile or broken client can send: oversized bodies, files that are not what they claim, header bombs,
/// unknown or path-like settings, ids that try to leave the data folder. Each gets its status and one line naming
/// no server path, and leaves no files behind.
/// </summary>
public sealed class HostileRequestTests : IClassFixture<HostileRequestTests.Server>
{
    public sealed class Server : IDisposable
    {
        public LumosWebFactory Factory { get; } = new(o => o with { MaxUploadMb = 1, MaxMegapixels = 1 });
        public void Dispose() => Factory.Dispose();
    }

    private readonly LumosWebFactory factory;
    private readonly HttpClient client;

    public HostileRequestTests(Server server)
    {
        factory = server.Factory;
        client = factory.CreateClient();
    }

    [Fact]
    public async Task Upload_over_limit_is_refused_with_413_before_the_body_is_read()
    {
        // On a real server: the body declares 10 MB against a 1 MB limit and sends 64 kB; the answer comes while the rest never does.
        await using var server = await RealServer.Start(o => o with { MaxUploadMb = 1 });
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync(server.Address.Host, server.Address.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 10485760\r\n\r\n"));
        await socket.SendAsync(new byte[64 * 1024]);
        var answer = new byte[4096];
        int read = await socket.ReceiveAsync(answer).WaitAsync(TimeSpan.FromSeconds(10));
        var response = Encoding.UTF8.GetString(answer, 0, read);
        Assert.StartsWith("HTTP/1.1 413", response);
        Assert.Contains("the upload is larger than the 1 MB limit (--max-upload-mb)", response);
    }

    [Fact]
    public async Task A_body_without_a_length_is_cut_off_with_413_once_it_passes_the_limit()
    {
        var form = Web.Form(new byte[3 * 1024 * 1024], "big.png", ("method", "gamma"));
        form.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = new ChunkedContent(form) };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await JobsApiTests.Eventually(() => factory.JobFolders.Length == 0);
    }

    public static TheoryData<string, byte[], string[], string> BadUploads => new()
    {
        { "text named .png", "these are my notes, not a picture\n"u8.ToArray(), ["method", "gamma"], "notes.png: not an image (content is text)" },
        { "truncated PNG", Web.DarkPng()[..400], ["method", "gamma"], "dark.png: truncated PNG" },
        { "header bomb", TestData.PngBomb(), ["method", "gamma"], "bomb.png: image is 60000×60000 (3600 MP), above the 1 MP limit" },
        { "empty file", [], ["method", "gamma"], "empty.png: empty file (0 bytes)" },
        { "unknown parameter", Web.DarkPng(), ["method", "lime", "bogus", "1"], "lime: unknown parameter 'bogus'" },
        { "parameter out of range", Web.DarkPng(), ["method", "lime", "gamma", "99"], "lime: gamma=99 is out of range" },
        { "unknown method", Web.DarkPng(), ["method", "nosuch"], "unknown operation 'nosuch'" },
        { "a model path", Web.DarkPng(), ["method", "onnx", "model", "/etc/passwd"], "model: the server takes no file paths in parameters" },
        { "a traversal in a value", Web.DarkPng(), ["method", "zerodce", "weights", "../../models/x"], "weights: the server takes no file paths in parameters" },
        { "a path in a pipeline", Web.DarkPng(), ["pipeline", """[{"type":"onnx","model":"/etc/passwd"}]"""], "model: the server takes no file paths in parameters" },
        { "a result of gigapixels", Web.DarkPng(), ["pipeline", """[{"type":"bicubic","scale":16},{"type":"bicubic","scale":16}]"""], "the result would be " },
        { "a field given twice", Web.DarkPng(), ["method", "gamma", "gamma", "0.5", "gamma", "0.7"], "gamma: given 2 times (one value per field)" },
        { "a bare model file name", Web.DarkPng(), ["method", "onnx", "scale", "2", "model", "f2.onnx"], "model: the server opens only shipped models (" },
        { "a bare weights file name", Web.DarkPng(), ["method", "zerodce", "weights", "serve.log"], "weights: the server opens only shipped models (" },
        { "a bare model file name in a pipeline", Web.DarkPng(), ["pipeline", """[{"type":"onnx","model":"x.onnx"}]"""], "model: the server opens only shipped models (" },
        { "a preset file", Web.DarkPng(), ["preset", "../presets/night-photo.json"], "unknown preset '../presets/night-photo.json'" },
        { "two choices", Web.DarkPng(), ["method", "gamma", "preset", "surveillance"], "give one of method, preset, pipeline, not method and preset" },
        { "nothing to run", Web.DarkPng(), [], "say what to run" },
        { "a parameter for a preset", Web.DarkPng(), ["preset", "surveillance", "gamma", "0.5"], "unknown parameter 'gamma'" },
        { "an unknown format", Web.DarkPng(), ["method", "gamma", "format", "exe"], "format: 'exe' is not one of" },
        { "a thread count", Web.DarkPng(), ["method", "fsrcnn", "scale", "2", "threads", "1024"], "threads: set by the server (lumos serve --threads), not by a job" },
        { "a scale with no shipped model", Web.DarkPng(), ["method", "srcnn", "scale", "2"], "srcnn: no shipped checkpoint for ×2 (shipped: ×3)" },
        { "a thread count in a pipeline", Web.DarkPng(), ["pipeline", """[{"type":"fsrcnn","scale":2,"threads":1024}]"""], "threads: set by the server" },
    };

    [Fact]
    public async Task A_body_cut_off_inside_a_part_is_400_not_a_server_error()
    {
        var cut = Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"method\"\r\n\r\ngamma\r\n" +
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dark.png\"\r\nContent-Type: image/png\r\n\r\n")
            .Concat(Web.DarkPng()[..200]).ToArray(); // no closing boundary
        var content = new ByteArrayContent(cut);
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");

        using var response = await client.PostAsync("/api/jobs", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("the upload ended early", await Web.Error(response));
        await JobsApiTests.Eventually(() => factory.JobFolders.Length == 0);
    }

    [Fact]
    public async Task A_shipped_model_name_is_the_one_file_a_job_may_name()
    {
        using var response = await client.PostAsync("/api/jobs", Web.Form(Web.DarkPng(), "dark.png", ("method", "zerodce"), ("weights", "zerodce")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        (await client.DeleteAsync(response.Headers.Location)).Dispose(); // the other cases count this server's job folders
        await JobsApiTests.Eventually(() => factory.JobFolders.Length == 0);
    }

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task A_bad_upload_is_400_with_one_line_and_leaves_no_files(string what, byte[] file, string[] fields, string message)
    {
        var name = what switch { "text named .png" => "notes.png", "header bomb" => "bomb.png", "empty file" => "empty.png", _ => "dark.png" };
        var pairs = fields.Chunk(2).Select(p => (p[0], p[1])).ToArray();
        using var response = await client.PostAsync("/api/jobs", Web.Form(file, name, pairs));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Web.Error(response);
        Assert.StartsWith(message, error);
        AssertNoServerDetail(error);
        await JobsApiTests.Eventually(() => factory.JobFolders.Length == 0);
    }

    [Fact]
    public async Task A_request_that_is_not_a_multipart_upload_is_400()
    {
        using var json = await client.PostAsync("/api/jobs", new StringContent("""{"method":"lime"}""", Encoding.UTF8, "application/json"));
        Assert.Equal("expected a multipart/form-data upload (curl -F file=@photo.jpg ...)", await Web.Error(json));
        var noFile = new MultipartFormDataContent { { new StringContent("lime"), "method" } };
        Assert.Equal("no image or video: send it as the multipart field 'file'", await Web.Error(await client.PostAsync("/api/jobs", noFile)));
        var otherFile = new MultipartFormDataContent { { new ByteArrayContent(Web.DarkPng()), "image", "a.png" } };
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/jobs", otherFile)).StatusCode);
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%2e%2e")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public async Task An_id_that_is_not_a_job_finds_nothing_on_any_endpoint(string id)
    {
        foreach (var path in new[] { $"/api/jobs/{id}", $"/api/jobs/{id}/result", $"/api/jobs/{id}/events" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/jobs/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_file_name_is_reduced_to_its_last_segment_in_every_answer()
    {
        using var response = await client.PostAsync("/api/jobs", Web.Form("not an image"u8.ToArray(), "../../etc/<script>x.png", ("method", "gamma")));
        Assert.Equal("scriptx.png: not an image (content is text)", await Web.Error(response));
    }

    private void AssertNoServerDetail(string error)
    {
        Assert.DoesNotContain("\n", error);
        Assert.DoesNotContain(factory.Options.DataFolder, error);
        Assert.DoesNotContain(Path.GetTempPath(), error);
        Assert.DoesNotContain(AppContext.BaseDirectory, error);
        Assert.DoesNotContain(" at ", error);
    }

    /// <summary>Another content sent without a declared length.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent inner;

        public ChunkedContent(HttpContent inner)
        {
            this.inner = inner;
            Headers.ContentType = inner.Headers.ContentType;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
