namespace Lumos.Cli.Commands;

/// <summary>The one check of a path option every verb needs: given, and not blank (an empty <c>-o ""</c> would mean the current folder).</summary>
internal static class RequiredPath
{
    /// <summary>A usage error for a missing or blank <paramref name="value"/> of <paramref name="option"/> (e.g. <c>-o|--output &lt;FILE&gt;</c>), or null.</summary>
    public static string? Error(string? value, string option) =>
        value is null ? $"missing {option}"
        : string.IsNullOrWhiteSpace(value) ? $"{option.Split(' ')[0]} is empty"
        : null;
}
