using Lumos.Imaging;

namespace Lumos.Web;

/// <summary>How <c>lumos serve</c> runs: where it listens, what it accepts, how much it does at once, where results live.</summary>
public sealed record ServeOptions
{
    /// <summary>The address the page and API answer on; loopback by default, so nothing is exposed unless asked.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5178";

    /// <summary>Addresses to listen on, separated by ';' (e.g. <c>http://127.0.0.1:5178</c>).</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>Largest request body accepted, in megabytes; a larger one is refused with 413 before it is read in full.</summary>
    public double MaxUploadMb { get; init; } = 50;

    /// <summary>Largest image (or video frame) accepted, in megapixels, checked from the header before decoding.</summary>
    public double MaxMegapixels { get; init; } = 50;

    /// <summary>Images or videos processed, or images measured, at once; further jobs wait in the queue (memory is bounded by this, not by the requests).</summary>
    public int Concurrency { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Threads of each job's net (ONNX Runtime's pool); null divides the cores among the <see cref="Concurrency"/> jobs.</summary>
    public int? Threads { get; init; }

    /// <summary>The threads each job's net runs on: <see cref="Threads"/>, or the cores over <see cref="Concurrency"/>, at least one.</summary>
    public int NetThreads => Threads ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, Concurrency));

    /// <summary>The folder holding uploads and results, one sub-folder per job named by its unguessable id.</summary>
    public string DataFolder { get; init; } = Path.Combine(Path.GetTempPath(), "lumos-serve");

    /// <summary>How long a finished job and its files are kept before they are deleted.</summary>
    public TimeSpan Expiry { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The largest result (or result frame) in pixels: 16 × <see cref="MaxMegapixels"/>, a ×4 upscale of the largest input, so a chain of upscales cannot ask for gigapixels.</summary>
    public double MaxResultPixels => 16 * MaxMegapixels * 1e6;

    /// <summary>The largest request body in bytes.</summary>
    public long MaxUploadBytes => (long)(MaxUploadMb * 1024 * 1024);

    /// <summary>The read limits every uploaded image is held to.</summary>
    public ReadOptions ReadOptions => new() { MaxPixels = (long)(MaxMegapixels * 1e6) };

    /// <summary>The listen addresses, each checked.</summary>
    /// <exception cref="LumosException">An address is not an absolute http:// or https:// URL.</exception>
    public IReadOnlyList<string> ListenUrls()
    {
        var urls = Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0) throw LumosException.Usage("--urls: no address given (e.g. http://127.0.0.1:5178)");
        foreach (var url in urls)
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
                throw LumosException.Usage($"--urls: '{url}' is not an address to listen on (e.g. http://127.0.0.1:5178)");
        return urls;
    }

    /// <summary>Checks every setting.</summary>
    /// <exception cref="LumosException">A setting is out of range.</exception>
    public void Validate()
    {
        ListenUrls();
        if (!(MaxUploadMb > 0)) throw LumosException.Usage("--max-upload-mb must be positive");
        if (!(MaxMegapixels > 0)) throw LumosException.Usage("--max-megapixels must be positive");
        if (Concurrency < 1) throw LumosException.Usage("--concurrency must be at least 1");
        if (Threads is < 1 or > 1024) throw LumosException.Usage("--threads must be 1 to 1024");
        if (Expiry <= TimeSpan.Zero) throw LumosException.Usage("--expiry-minutes must be positive");
        if (string.IsNullOrWhiteSpace(DataFolder)) throw LumosException.Usage("--data: no folder given");
    }
}
