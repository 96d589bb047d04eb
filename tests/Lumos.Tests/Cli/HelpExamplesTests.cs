using Lumos.Cli;

namespace Lumos.Tests.Cli;

public sealed class HelpExamplesTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var example in LumosApp.Examples) data.Add(string.Join(' ', example));
        return data;
    }

    [Theory, MemberData(nameof(Examples))]
    public async Task Every_help_example_runs_as_a_real_process_from_the_repository_root(string example)
    {
        using var root = TestData.TempFolder();
        Directory.CreateDirectory(root.File("samples"));
        foreach (var file in Directory.GetFiles(TestData.Samples).Where(f => f.EndsWith(".png") || f.EndsWith(".jpg")))
            File.Copy(file, root.File(Path.Combine("samples", Path.GetFileName(file))));

        var args = LumosApp.Examples.Single(e => string.Join(' ', e) == example);
        // Globs are expanded by the shell for users; lumos expands them itself when they arrive quoted.
        var result = await Cli.RunProcess(root.Path, null, args);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal("", result.Error);
        Assert.NotEqual("", result.Out);
    }

    [Fact]
    public void Help_lists_every_command_and_the_examples()
    {
        var result = Cli.Run("--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "enhance", "methods", "info", "measure" }) Assert.Contains(command, result.Out);
        Assert.Contains("samples/dark-coffee.png", result.Out);
    }

    /// <summary>Every verb the top-level help lists, so a verb added later is covered too.</summary>
    public static TheoryData<string> Verbs()
    {
        var help = Cli.Run("--help").Out;
        var commands = help[(help.IndexOf("COMMANDS:", StringComparison.Ordinal) + "COMMANDS:".Length)..];
        var data = new TheoryData<string>();
        foreach (var line in commands.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) data.Add(line.Split(' ')[0]);
        return data;
    }

    [Theory, MemberData(nameof(Verbs))]
    public void Every_verb_prints_its_help(string verb)
    {
        var result = Cli.Run(verb, "--help");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("OPTIONS", result.Out);
        Assert.Equal("", result.Error);
    }
}
