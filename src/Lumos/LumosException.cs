namespace Lumos;

/// <summary>
/// An error the user can act on: bad input, bad parameter, unwritable output.
/// Its message is one line that names the file (when there is one) and the reason.
/// </summary>
public sealed class LumosException : Exception
{
    /// <summary>Creates an error with a one-line, user-facing message.</summary>
    public LumosException(string message) : base(message) { }

    /// <summary>Creates an error with a one-line, user-facing message and its cause.</summary>
    public LumosException(string message, Exception inner) : base(message, inner) { }

    /// <summary>True when the command line itself was wrong (unknown name, malformed option): exit code 2, not 1.</summary>
    public bool IsUsageError { get; private init; }

    /// <summary>The same error with <paramref name="context"/> (say a file and a step) put before its message.</summary>
    public LumosException In(string context) => new($"{context}: {Message}", this) { IsUsageError = IsUsageError };

    /// <summary>An error in how the command was called rather than in a file it read.</summary>
    public static LumosException Usage(string message) => new(message) { IsUsageError = true };
}
