using Lumos.Cli;

namespace Lumos.Tests.Cli;

/// <summary>An internal error leaves a report to chase it by: the stack trace, the command line and the machine.</summary>
public sealed class CrashReportTests
{
    [Fact]
    public void Crash_report_holds_the_stack_trace_the_command_and_the_machine()
    {
        using var folder = TestData.TempFolder();
        var error = Assert.Throws<InvalidOperationException>(ThrowFromHere);

        var path = CrashReport.Write(error, ["train", "espcn", "-o", "my net.lumosnet"], folder.Path);

        Assert.NotNull(path);
        Assert.Equal(folder.Path, Path.GetDirectoryName(path));
        Assert.Matches(@"^lumos-crash-\d{8}-\d{6}-\d+\.txt$", Path.GetFileName(path));
        var text = File.ReadAllText(path);
        Assert.Contains("InvalidOperationException: native step failed", text);
        Assert.Contains(nameof(ThrowFromHere), text); // the frame that threw
        Assert.Contains("command: lumos train espcn -o 'my net.lumosnet'", text);
        Assert.Contains($"{Environment.ProcessorCount} CPUs", text);
    }

    [Fact]
    public void Crash_report_that_cannot_be_written_gives_null_not_a_second_failure()
    {
        using var folder = TestData.TempFolder();
        Assert.Null(CrashReport.Write(new InvalidOperationException("x"), [], folder.File("missing/sub")));
    }

    private static void ThrowFromHere() => throw new InvalidOperationException("native step failed");
}
