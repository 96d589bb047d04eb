using Lumos.Nets.Training;

namespace Lumos.Tests.Nets.Training;

public sealed class LossHistoryTests
{
    private static double[] Losses(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.NextDouble()).ToArray();
    }

    private static LossHistory Record(IEnumerable<double> losses)
    {
        var history = new LossHistory();
        foreach (var loss in losses) history.Add(loss);
        return history;
    }

    [Fact]
    public void A_short_run_keeps_every_step()
    {
        var losses = Losses(LossHistory.MaxPoints, 1);
        var history = Record(losses);
        Assert.Equal(1, history.Stride);
        Assert.Equal(losses, history.Points);
        Assert.Equal(losses[^1], history.Last);
    }

    [Theory]
    [InlineData(LossHistory.MaxPoints + 1)]
    [InlineData(10_000)]
    [InlineData(60_001)]
    public void A_long_run_keeps_at_most_the_cap_of_points_each_the_mean_of_its_block_of_steps(int steps)
    {
        var losses = Losses(steps, 2);
        var history = Record(losses);
        var points = history.Points;
        Assert.InRange(points.Count, LossHistory.MaxPoints / 2, LossHistory.MaxPoints);
        Assert.Equal(0, history.Stride & (history.Stride - 1)); // a power of two
        Assert.Equal((steps + history.Stride - 1) / history.Stride, points.Count);
        for (int i = 0; i < points.Count; i++)
        {
            var block = losses.Skip(i * history.Stride).Take(history.Stride).ToArray();
            Assert.Equal(block.Average(), points[i], 12);
        }
        Assert.Equal(losses[^1], history.Last);
    }

    [Theory]
    [InlineData(3001, 5000)]   // stopped mid-block
    [InlineData(4096, 9000)]   // stopped on a block boundary
    [InlineData(100, 70_000)]  // resumed before the first thinning, thinned six times after
    public void A_restored_history_continues_as_if_the_run_had_never_stopped(int stoppedAt, int steps)
    {
        var losses = Losses(steps, 3);
        var straight = Record(losses);
        var saved = Record(losses.Take(stoppedAt));
        var resumed = LossHistory.Restore(saved.Points, saved.Stride, stoppedAt, saved.Last);
        Assert.Equal(saved.Last, resumed.Last);
        foreach (var loss in losses.Skip(stoppedAt)) resumed.Add(loss);
        Assert.Equal(straight.Stride, resumed.Stride);
        Assert.Equal(straight.Points.Count, resumed.Points.Count);
        foreach (var (a, b) in straight.Points.Zip(resumed.Points, (a, b) => (a, b))) Assert.Equal(a, b, 12);
    }

    [Fact]
    public void A_checkpoint_with_a_loss_for_every_step_is_thinned_when_resumed()
    {
        var losses = Losses(60_000, 4);
        var history = LossHistory.Restore(losses, 1, losses.Length, losses[^1]);
        Assert.Equal(32, history.Stride);
        foreach (var (a, b) in Record(losses).Points.Zip(history.Points, (a, b) => (a, b))) Assert.Equal(a, b, 12);
    }
}
