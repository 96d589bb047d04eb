namespace Lumos.Bench;

/// <summary>A fresh temporary folder, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    /// <summary>The folder's full path.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("lumos-bench-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
