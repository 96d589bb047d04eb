using Lumos.Batch;
using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Tests.Processing;

public sealed class ProcessingJobTests
{
    [Fact]
    public void Job_reports_a_bad_file_writes_the_good_ones_and_reports_progress_in_order()
    {
        using var folder = TestData.TempFolder();
        using (var image = TestData.DarkColour(32, 24)) Cv2.ImWrite(folder.File("a.png"), image);
        File.WriteAllText(folder.File("b.png"), "not an image");
        using (var image = TestData.DarkColour(32, 24, seed: 2)) Cv2.ImWrite(folder.File("c.png"), image);
        var items = new[] { "a", "b", "c" }.Select(n => new BatchItem(folder.File($"{n}.png"), folder.File($"{n}-out.png"))).ToArray();
        using var operation = new MethodOperation(EnhancementMethods.Registry.Create("gamma"));
        var reports = new List<JobProgress>();

        var summary = new ProcessingJob(operation, new ReadOptions(), new WriteOptions()).Run(items, new Collect(reports));

        Assert.Equal((3, 2, false), (summary.Total, summary.Succeeded, summary.Cancelled));
        Assert.Equal(items[1].Input, Assert.Single(summary.Failures).Input);
        Assert.True(File.Exists(items[0].Output) && File.Exists(items[2].Output));
        Assert.False(File.Exists(items[1].Output));
        Assert.Equal([0, 1, 1, 2, 2, 3], reports.Select(r => r.Done));
        Assert.All(reports.Where((_, i) => i % 2 == 1), r => Assert.NotNull(r.Finished));
    }

    [Fact]
    public void Cancelled_job_stops_before_the_next_file_and_says_so()
    {
        using var folder = TestData.TempFolder();
        var items = Enumerable.Range(0, 3).Select(i =>
        {
            using (var image = TestData.DarkColour(16, 16, seed: i + 1)) Cv2.ImWrite(folder.File($"{i}.png"), image);
            return new BatchItem(folder.File($"{i}.png"), folder.File($"{i}-out.png"));
        }).ToArray();
        using var cancellation = new CancellationTokenSource();
        using var operation = new MethodOperation(EnhancementMethods.Registry.Create("he"));

        var summary = new ProcessingJob(operation, new ReadOptions(), new WriteOptions())
            .Run(items, new Collect([], r => { if (r.Finished is not null) cancellation.Cancel(); }), cancellation.Token);

        Assert.True(summary.Cancelled);
        Assert.Equal(1, summary.Processed);
        Assert.False(File.Exists(items[1].Output));
    }

    [Fact]
    public void A_tiled_net_reports_progress_within_the_image_tile_by_tile()
    {
        using var folder = TestData.TempFolder();
        using (var image = TestData.DarkColour(96, 80)) Cv2.ImWrite(folder.File("a.png"), image);
        var item = new BatchItem(folder.File("a.png"), folder.File("a-x3.png"));
        using var operation = Operations.Create("fsrcnn", [new(Operations.ScaleKey, "3"), new("tile", "40")]);
        var reports = new List<JobProgress>();

        new ProcessingJob(operation, new ReadOptions(), new WriteOptions()).Run([item], new Collect(reports));

        var within = reports.Where(r => r.Finished is null).Select(r => r.Files).ToArray();
        Assert.True(within.Count(f => f is > 0 and < 1) >= 3, $"fractions within the image: {string.Join(", ", within)}");
        Assert.Equal(within.Order(), within); // never goes back
        Assert.Equal(1, reports[^1].Files);
    }

    private sealed class Collect(List<JobProgress> into, Action<JobProgress>? also = null) : IProgress<JobProgress>
    {
        public void Report(JobProgress value)
        {
            into.Add(value);
            also?.Invoke(value);
        }
    }
}
