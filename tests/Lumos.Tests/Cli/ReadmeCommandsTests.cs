using System.Text.RegularExpressions;

namespace Lumos.Tests.Cli;

/// <summary>
/// Every <c>lumos</c> command in the README's bash blocks is one the CLI understands: run from an empty folder (so
/// its files are missing and nothing lands in the repository), it may fail on its input (exit 1) but never on its
/// verb or options (exit 2).
/// </summary>
public sealed partial class ReadmeCommandsTests
{
    public static TheoryData<string> Commands() => [.. CommandLines()];

    private static List<string> CommandLines()
    {
        var data = new List<string>();
        bool inBash = false;
        foreach (var line in File.ReadLines(Path.Combine(TestData.RepositoryRoot, "README.md")))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) { inBash = line == "```bash"; continue; }
            if (!inBash) continue;
            foreach (var command in Comment().Replace(line, "").Split("&&", StringSplitOptions.TrimEntries))
                if (command.StartsWith("lumos ", StringComparison.Ordinal)) data.Add(command);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Readme_command_parses(string command)
    {
        using var folder = TestData.TempFolder();
        var args = Words().Matches(command["lumos ".Length..]).Select(m => m.Value.Trim('\'')).ToArray();
        if (args[0] == "serve") args = [.. args, "--help"]; // a server runs until stopped: its help must still render

        var result = await Cli.RunProcess(folder.Path, null, args);

        Assert.True(result.ExitCode is 0 or 1, $"{command}: exit {result.ExitCode}: {result.Error}");
        Assert.DoesNotContain("Unknown", result.Error);
    }

    [Fact]
    public void The_readme_shows_a_command_for_every_verb()
    {
        var verbs = CommandLines().Select(c => c.Split(' ')[1]).ToHashSet();
        var listed = Cli.Run("--help").Out;
        var commands = listed[listed.IndexOf("COMMANDS:", StringComparison.Ordinal)..];
        foreach (Match verb in Regex.Matches(commands, @"^\s{4}(\w+)\s", RegexOptions.Multiline))
            Assert.True(verbs.Contains(verb.Groups[1].Value) || verb.Groups[1].Value == "completion", $"no README command for 'lumos {verb.Groups[1].Value}'");
    }

    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"'[^']*'|\S+")]
    private static partial Regex Words();
}
