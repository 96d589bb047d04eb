using System.Net;
using System.Net.Sockets;

namespace Lumos.Tests.Cli;

/// <summary><c>lumos serve</c> at the command line: bad addresses and busy ports are one line and an exit code.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("nonsense")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://127.0.0.1:5178/some/path")]
    public void A_bad_address_is_a_usage_error_in_one_line(string urls)
    {
        var result = Cli.Run("serve", "--urls", urls);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"lumos: --urls: '{urls}' is not an address to listen on (e.g. http://127.0.0.1:5178)", result.Error.Trim());
    }

    [Fact]
    public async Task A_port_in_use_fails_in_one_line()
    {
        using var data = new TempFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        // A real process: the host logs to the process's console, which an in-process run would not capture.
        var result = await Cli.RunProcess(data.Path, null, "serve", "--urls", $"http://127.0.0.1:{port}", "--data", data.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"lumos: cannot listen on http://127.0.0.1:{port}: the address is already in use", result.Error.Trim());
        Assert.DoesNotContain("Exception", result.Out); // the host's own log of the failed start stays out
    }

    [Fact]
    public void Bad_limits_are_usage_errors()
    {
        Assert.Equal("lumos: --concurrency must be at least 1", Cli.Run("serve", "--concurrency", "0").Error.Trim());
        Assert.Equal("lumos: --max-upload-mb must be positive", Cli.Run("serve", "--max-upload-mb", "-1").Error.Trim());
        Assert.Equal("lumos: --threads must be 1 to 1024", Cli.Run("serve", "--threads", "0").Error.Trim());
    }

    [Fact]
    public void A_data_folder_that_cannot_be_made_is_one_line_naming_it()
    {
        using var folder = TestData.TempFolder();
        File.WriteAllText(folder.File("taken"), "a file where the folder should go");

        var result = Cli.Run("serve", "--urls", "http://127.0.0.1:0", "--data", folder.File("taken"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"lumos: --data {folder.File("taken")}: cannot create the folder", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Each_jobs_net_gets_the_given_threads_or_its_share_of_the_cores()
    {
        int cores = Environment.ProcessorCount;
        Assert.Equal(3, new Lumos.Web.ServeOptions { Threads = 3, Concurrency = 8 }.NetThreads);
        Assert.Equal(cores, new Lumos.Web.ServeOptions { Concurrency = 1 }.NetThreads);
        Assert.Equal(1, new Lumos.Web.ServeOptions { Concurrency = cores * 2 }.NetThreads);
        Assert.Equal(Math.Max(1, cores / 2), new Lumos.Web.ServeOptions { Concurrency = 2 }.NetThreads);
    }

    [Fact]
    public async Task Serve_listens_until_cancelled_and_exits_0()
    {
        using var data = new TempFolder();
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var serving = Task.Run(() => Lumos.Cli.LumosApp.Run(["serve", "--urls", "http://127.0.0.1:0", "--data", data.Path], output, TextWriter.Null, cancellationToken: stop.Token));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!output.ToString().Contains("listening on http://127.0.0.1:") && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(20);
        var address = output.ToString().Split("listening on ")[1].Split(' ')[0].TrimEnd(',');
        using var client = new HttpClient();
        Assert.Contains("\"methods\"", await client.GetStringAsync(address + "/api/methods"));
        stop.Cancel();
        Assert.Equal(0, await serving.WaitAsync(TimeSpan.FromSeconds(20)));
    }
}
