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

    /// <summary>
    /// The ending of every "the output is already there" message (<see cref="OutputExists"/>), so that a front end can
    /// say in its own words how to allow replacing it (the CLI: <c>--overwrite</c>).
    /// </summary>
    public const string OverwriteOff = " and overwrite is off";

    /// <summary>An output that is already there and may not be replaced: <paramref name="what"/> (e.g. "x.png: already exists") + <see cref="OverwriteOff"/>.</summary>
    public static LumosException OutputExists(string what, Exception? inner = null) =>
        inner is null ? new(what + OverwriteOff) : new(what + OverwriteOff, inner);

    /// <summary>An error in how the command was called rather than in a file it read.</summary>
    public static LumosException Usage(string message) => new(message) { IsUsageError = true };
}
