using Spectre.Console.Cli;

namespace Lumos.Cli.Commands;

/// <summary>
/// Whether an option was typed, for an option with a default: its settings property holds the default either way
/// (<c>-m</c> is <c>lime</c> unless given), but a <c>--preset</c> must refuse an <c>-m</c> it would silently ignore.
/// </summary>
internal static class GivenOptions
{
    /// <summary>True when any of <paramref name="names"/> (e.g. <c>-m</c>, <c>--method</c>) appears before a <c>--</c>.</summary>
    public static bool Any(CommandContext context, params string[] names) =>
        context.Arguments.TakeWhile(a => a != "--").Any(a => names.Any(n => a == n || a.StartsWith(n + "=", StringComparison.Ordinal)));
}
