namespace Lumos.Web.Uploads;

/// <summary>An uploaded file saved in a job's folder.</summary>
/// <param name="Path">Where it was saved (a server path: never reported).</param>
/// <param name="Name">The client's file name, cleaned (<see cref="UploadReader.CleanName"/>).</param>
/// <param name="Length">Its size in bytes.</param>
public sealed record UploadedFile(string Path, string Name, long Length);

/// <summary>A multipart form read in full: its files on disk and its text fields.</summary>
/// <param name="Files">Files by form field name.</param>
/// <param name="Fields">Text fields in the order sent.</param>
public sealed record Upload(IReadOnlyDictionary<string, UploadedFile> Files, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    /// <summary>The value of field <paramref name="name"/>, or null when it was not sent.</summary>
    public string? Field(string name) => Fields.LastOrDefault(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>A request body over the upload limit: answered with 413.</summary>
public sealed class UploadTooLargeException(long limit)
    : Exception($"the upload is larger than the {limit / (1024.0 * 1024):0.##} MB limit (--max-upload-mb)");
