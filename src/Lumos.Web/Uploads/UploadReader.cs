using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Lumos.Web.Uploads;

/// <summary>
/// Reads a multipart upload by streaming: files go straight to disk, fields stay small, and the body is counted as it
/// arrives, so a declared or actual size over the limit is refused with <see cref="UploadTooLargeException"/> without
/// reading the rest. Nothing is decoded here; what the bytes are is for the core to tell.
/// </summary>
public static class UploadReader
{
    /// <summary>Longest text field accepted (a pipeline's JSON is the longest one expected).</summary>
    public const int MaxFieldBytes = 64 * 1024;

    /// <summary>Most parts in one form.</summary>
    public const int MaxParts = 64;

    /// <summary>Reads the form of <paramref name="request"/>, saving files whose field is in <paramref name="fileFields"/> into <paramref name="folder"/>.</summary>
    /// <exception cref="UploadTooLargeException">The body is (or says it is) over <paramref name="maxBytes"/>.</exception>
    /// <exception cref="LumosException">Not a multipart form, an unexpected file field, too many parts or a field too long.</exception>
    public static async Task<Upload> ReadAsync(HttpRequest request, string folder, long maxBytes, IReadOnlySet<string> fileFields, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes) throw new UploadTooLargeException(maxBytes);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
            throw LumosException.Usage("expected a multipart/form-data upload (curl -F file=@photo.jpg ...)");

        var body = new LimitedStream(request.Body, maxBytes);
        var reader = new MultipartReader(boundary, body) { HeadersLengthLimit = 16 * 1024 };
        var files = new Dictionary<string, UploadedFile>(StringComparer.OrdinalIgnoreCase);
        var fields = new List<KeyValuePair<string, string>>();
        int parts = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellation) is { } section)
            {
                if (++parts > MaxParts) throw LumosException.Usage($"too many form fields (at most {MaxParts})");
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
                    throw LumosException.Usage("a form part without a name");
                if (disposition.IsFileDisposition())
                {
                    if (!fileFields.Contains(name)) throw LumosException.Usage($"unexpected file field '{name}' (expected {string.Join(" or ", fileFields)})");
                    if (files.ContainsKey(name)) throw LumosException.Usage($"more than one file in field '{name}'");
                    var path = Path.Combine(folder, $"{name}.upload");
                    await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                        await section.Body.CopyToAsync(target, cancellation);
                    var clientName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    files[name] = new UploadedFile(path, CleanName(clientName), new FileInfo(path).Length);
                }
                else fields.Add(new(name, await ReadField(section.Body, name, cancellation)));
            }
        }
        catch (IOException) when (body.Exceeded)
        {
            throw new UploadTooLargeException(maxBytes);
        }
        catch (IOException e) when (!cancellation.IsCancellationRequested)
        {
            // The multipart reader's "Unexpected end of Stream": a body cut off inside a part (a client that gave up).
            throw LumosException.Usage($"the upload ended early, inside a form part ({e.Message.Split('\n')[0].Trim()})");
        }
        return new Upload(files, fields);
    }

    /// <summary>
    /// A client's file name as responses may show it: the last path segment in Unicode NFC, letters and digits of any
    /// script (with their combining marks), <c>._- </c>, nothing else — no controls, no bidirectional overrides that would
    /// disguise an extension — at most 80 characters; "upload" when nothing is left.
    /// </summary>
    public static string CleanName(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/')[^1].Normalize(NormalizationForm.FormC);
        var kept = new string(last.Where(c => char.IsLetterOrDigit(c) || IsMark(c) || c is '.' or '_' or '-' or ' ').Take(80).ToArray()).Trim(' ', '.');
        return kept.Length == 0 ? "upload" : kept;
    }

    private static bool IsMark(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static async Task<string> ReadField(Stream body, string name, CancellationToken cancellation)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > MaxFieldBytes) throw LumosException.Usage($"form field '{name}' is longer than {MaxFieldBytes / 1024} KB");
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Passes a body through, failing once more than the limit has been read.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long read;

        public bool Exceeded { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = await inner.ReadAsync(buffer, cancellationToken);
            Count(n);
            return n;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            await ReadAsync(buffer.AsMemory(offset, count), cancellationToken);

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = inner.Read(buffer, offset, count);
            Count(n);
            return n;
        }

        private void Count(int n)
        {
            read += n;
            if (read <= limit) return;
            Exceeded = true;
            throw new IOException("upload over the limit");
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
