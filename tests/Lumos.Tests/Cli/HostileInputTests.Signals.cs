using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Lumos.Nets.Checkpoints;
using OpenCvSharp;

namespace Lumos.Tests.Cli;

/// <summary>Signals mid-job, and how the hostile cases are run.</summary>
public sealed partial class HostileInputTests
{
    /// <summary>
    /// Images in an interrupted batch: enough that the signal lands mid-batch even when the test host is starved (with 40,
    /// a loaded CI machine once saw the whole batch finish before the signal was sent).
    /// </summary>
    private const int Queued = 200;

    /// <summary>Ctrl-C mid-batch: the current file is finished, the summary and "interrupted after N of M" are printed, exit 130, no temporary file.</summary>
    [Theory]
    [InlineData(2, "SIGINT")]
    [InlineData(15, "SIGTERM")]
    public async Task A_signal_mid_batch_stops_cleanly_with_exit_130(int signal, string _)
    {
        using var folder = TestData.TempFolder();
        Batch(folder, "in", Queued, width: 320, height: 240);
        var (code, output, error) = await Interrupt(folder, ["enhance", folder.File("in"), "-o", folder.File("out"), "-m", "lime"], signal, signals: 1);

        Assert.Equal(130, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($@"^lumos: interrupted after (\d+) of {Queued}$", line);
        int done = int.Parse(System.Text.RegularExpressions.Regex.Match(line, @"after (\d+)").Groups[1].Value);
        Assert.InRange(done, 1, Queued - 1);
        var written = Directory.GetFiles(folder.File("out"), "*", SearchOption.AllDirectories);
        Assert.Equal(done, written.Length);
        Assert.DoesNotContain(written, f => f.Contains(".tmp", StringComparison.Ordinal));
        Assert.Contains($"{done} images written", output);
    }

    [Fact]
    public async Task A_signal_mid_batch_with_json_completes_the_summary_marked_interrupted()
    {
        using var folder = TestData.TempFolder();
        Batch(folder, "in", Queued, width: 320, height: 240);
        var (code, output, error) = await Interrupt(folder, ["enhance", folder.File("in"), "-o", folder.File("out"), "-m", "lime", "--json"], 2, signals: 1, after: "\"ok\": true");

        Assert.Equal(130, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        int done = int.Parse(System.Text.RegularExpressions.Regex.Match(line, $@"^lumos: interrupted after (\d+) of {Queued}$").Groups[1].Value);
        var json = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.True(json.GetProperty("interrupted").GetBoolean());
        Assert.Equal(done, json.GetProperty("succeeded").GetInt32());
        Assert.Equal(0, json.GetProperty("failed").GetInt32());
        Assert.Equal(done, json.GetProperty("results").GetArrayLength());
        Assert.Equal(done, Directory.GetFiles(folder.File("out")).Length);
    }

    [Fact]
    public async Task A_second_ctrl_c_exits_at_once_and_leaves_no_temporary_file()
    {
        using var folder = TestData.TempFolder();
        Batch(folder, "in", Queued, width: 320, height: 240);
        var (code, _, error) = await Interrupt(folder, ["enhance", folder.File("in"), "-o", folder.File("out"), "-m", "lime"], 2, signals: 2);

        Assert.Equal(130, code);
        Assert.StartsWith("lumos: interrupted", error);
        Assert.DoesNotContain(Directory.GetFiles(folder.File("out"), "*", SearchOption.AllDirectories), f => f.Contains(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ctrl_c_in_eval_stops_before_the_next_image_and_writes_no_report()
    {
        using var folder = TestData.TempFolder();
        Batch(folder, "data", 60, width: 480, height: 360);
        var (code, _, error) = await Interrupt(folder, ["eval", "-m", "identity,lime", "-d", folder.File("data"), "-o", folder.File("report")], 2, signals: 1, after: null);

        Assert.Equal(130, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^lumos: interrupted after \d+ of 60 images$", line);
        Assert.False(Directory.Exists(folder.File("report")) && Directory.EnumerateFiles(folder.File("report"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Ctrl_c_in_train_saves_a_checkpoint_that_resumes()
    {
        using var folder = TestData.TempFolder();
        var data = TestData.TrainingImages(folder, 48, 48);
        var net = folder.File("net.lumosnet");
        var (code, output, _) = await Interrupt(folder, ["train", "zerodce", "--data", data, "--out", net, "--steps", "5000", "--batch", "1", "--crop", "16"], 2, signals: 1, after: "step ", lines: 1);

        Assert.Equal(130, code);
        Assert.Contains("interrupted; saved", output);
        var steps = Checkpoint.ReadMeta(net).Steps;
        Assert.InRange(steps, 1, 4999);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp*", SearchOption.AllDirectories));
        var resumed = Cli.Run("train", "zerodce", "--data", data, "--out", net, "--steps", (steps + 1).ToString(), "--batch", "1", "--crop", "16", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(steps + 1, Checkpoint.ReadMeta(net).Steps);
    }

    // ---- running ----

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SendSignal(int pid, int signal);

    /// <summary>
    /// Runs the real CLI, sends <paramref name="signals"/> signals once it has printed <paramref name="after"/> on
    /// <paramref name="lines"/> lines (or, with null, three seconds after the start: eval prints nothing on the way), and waits.
    /// </summary>
    private static async Task<(int Code, string Out, string Error)> Interrupt(TempFolder folder, string[] args, int signal, int signals, string? after = " -> ", int lines = 2)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Lumos.Cli.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var seen = new TaskCompletionSource();
        int seenLines = 0, sent = 0;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (after is not null && e.Data.Contains(after, StringComparison.Ordinal) && Interlocked.Increment(ref seenLines) == lines) seen.TrySetResult();
        };
        process.BeginOutputReadLine();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await (after is null ? Task.Delay(3000) : seen.Task.WaitAsync(TimeSpan.FromSeconds(60)));
            for (int i = 0; i < signals; i++, sent++)
            {
                SendSignal(process.Id, signal);
                await Task.Delay(30);
            }
            // Generous: a loaded CI machine (the suite's other CLI runs, a training beside it) once took over a minute here.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(180));
        }
        catch (TimeoutException)
        {
            // A timed-out run (a 5000-step training) must not outlive the test and load the rest of the suite.
            process.Kill(entireProcessTree: true);
            string sofar;
            lock (output) sofar = output.ToString();
            throw new TimeoutException($"lumos {string.Join(' ', args)} timed out {(sent == 0 ? "before the signal" : "after the signal")}; its output so far:\n{sofar}");
        }
        process.WaitForExit();
        var errors = await error;
        lock (output) return (process.ExitCode, output.ToString(), errors);
    }

    private static Dictionary<string, byte[]> Snapshot(string root)
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
            files[Path.GetRelativePath(root, file)] = File.ReadAllBytes(file);
        return files;
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.WaitForExit();
    }

    // ---- cases ----

    private static Case Fail(TempFolder f, string[] args, string reason, string names, int exit = 1, string? workingDirectory = null, string? notNaming = null) =>
        new(args, exit, reason, names, WorkingDirectory: workingDirectory, NotNaming: notNaming);

    private static Case Ok(string[] args, string[] inputs, string output, Action? check = null, string? workingDirectory = null) =>
        new(args, 0, null, null, [output], workingDirectory, check);
}
