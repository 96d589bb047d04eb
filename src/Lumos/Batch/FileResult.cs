namespace Lumos.Batch;

/// <summary>The outcome of enhancing one file.</summary>
/// <param name="Input">Input path.</param>
/// <param name="Output">Output path.</param>
/// <param name="Error">One-line error, or null on success.</param>
/// <param name="Milliseconds">Wall time for read + enhance + write.</param>
/// <param name="Width">Image width (0 when unread).</param>
/// <param name="Height">Image height (0 when unread).</param>
public sealed record FileResult(string Input, string Output, string? Error, double Milliseconds, int Width, int Height)
{
    /// <summary>True when the output was written.</summary>
    public bool Ok => Error is null;
}
