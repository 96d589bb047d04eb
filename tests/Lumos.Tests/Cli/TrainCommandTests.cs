using Lumos.Cli.Commands;
using Lumos.Nets.Training;

namespace Lumos.Tests.Cli;

public sealed class TrainCommandTests
{
    [Fact]
    public void A_progress_line_keeps_an_sr_loss_significant_shows_the_rate_and_counts_hours_past_a_day()
    {
        var progress = new TrainProgress(300, 6000, 0.0014321, new Dictionary<string, double> { ["mse"] = 0.0014321 }, 0.14,
            TimeSpan.FromHours(30) + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(7), LearningRate: 1e-4);
        Assert.Equal("step 300/6000  loss 0.001432 (mse 0.001432)  lr 1e-4  0.14 steps/s  ETA 30:05:07", TrainCommand.ProgressLine(progress));
    }
}
