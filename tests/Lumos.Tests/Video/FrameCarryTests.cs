using Lumos.Processing;
using Lumos.Video;
using OpenCvSharp;

namespace Lumos.Tests.Video;

/// <summary>
/// Video mode of LIME and BIMEF (<see cref="IFrameCarry"/>): each frame's illumination solve resumes from the previous
/// frame's solution instead of starting afresh (LIME for a few iterations, BIMEF to its full tolerance). It must give what a fresh solve gives, within the
/// solver's tolerance on a still scene and within a few levels on a moving one, and must add no visible flicker.
/// </summary>
public sealed class FrameCarryTests
{
    // The fast solver on a coarse grid, and the exact one at full resolution (what the fast one does on small frames).
    public static TheoryData<string, string[]> Methods => new()
    {
        { "lime", [] },
        { "lime", ["solver=exact"] },
        { "bimef", [] }, // resumes and runs to the full tolerance; its exposure ratio is smoothed too
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void On_a_still_scene_video_mode_equals_per_frame_output(string method, string[] parameters)
    {
        using var frame = Scene(0, seed: 0);
        using var operation = Create(method, parameters);
        var video = new TemporalSmoothing(operation, frameRate: 24, timeConstant: 0.5);
        Assert.True(video.Smoothing);
        using var alone = Processor.Apply(operation, frame);

        for (int i = 0; i < 4; i++)
            using (var output = video.Next(frame))
                Assert.Equal(0, Cv2.Norm(output, alone, NormTypes.INF));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void On_a_noisy_pan_video_mode_stays_within_a_few_levels_of_per_frame_output(string method, string[] parameters)
    {
        using var operation = Create(method, parameters);
        var video = new TemporalSmoothing(operation, frameRate: 24, timeConstant: 0.5);
        var perFrame = new TemporalSmoothing(operation, frameRate: 24, timeConstant: 0);
        Assert.False(perFrame.Smoothing);
        double worst = 0, sum = 0;
        for (int i = 0; i < 12; i++)
        {
            using var frame = Scene(2 * i, seed: i);
            using var a = video.Next(frame);
            using var b = perFrame.Next(frame);
            using var difference = new Mat();
            Cv2.Absdiff(a, b, difference);
            worst = Math.Max(worst, Cv2.Norm(difference, NormTypes.INF));
            sum += Cv2.Mean(difference).Val0;
        }
        // The carried solve lags the moving edges a little: a few levels at the worst pixel, about a tenth of a level on
        // average (BIMEF's smoothed exposure ratio moves many pixels by one level: 0.13).
        Assert.True(worst <= 5 && sum / 12 <= 0.15, $"{method}: largest difference {worst} levels, mean {sum / 12:0.000}");
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Video_mode_adds_no_visible_flicker_when_a_lamp_blinks(string method, string[] parameters)
    {
        using var steady = Scene(0, seed: 0);
        using var lit = steady.Clone();
        using (var lamp = new Mat(lit, new Rect(0, 0, 24, 24))) lamp.SetTo(Scalar.All(255));
        using var operation = Create(method, parameters);

        double Flickering(double timeConstant)
        {
            var sequence = new TemporalSmoothing(operation, frameRate: 24, timeConstant);
            var means = new List<double>();
            for (int i = 0; i < 16; i++)
                using (var output = sequence.Next(i % 4 < 2 ? steady : lit))
                using (var rest = new Mat(output, new Rect(60, 40, 100, 60)))
                    means.Add(Cv2.Mean(rest).Val1);
            return means.Zip(means.Skip(1), (a, b) => Math.Abs(a - b)).Average();
        }

        double perFrame = Flickering(0), video = Flickering(0.5);
        // A lamp switched every other frame is the carry's worst case (40 iterations do not quite catch up): a tenth of a level at most.
        Assert.True(video <= perFrame + 0.1, $"{method}: video mode {video:0.000} vs per-frame {perFrame:0.000} levels of mean change per frame");
    }

    [Fact]
    public void A_scene_cut_drops_the_carried_solution()
    {
        using var first = Scene(0, seed: 0);
        using var other = new Mat(first.Size(), MatType.CV_8UC3, Scalar.All(120));
        using var lime = Create("lime", []);
        var video = new TemporalSmoothing(lime, frameRate: 24, timeConstant: 0.5);
        foreach (var frame in new[] { first, first }) video.Next(frame).Dispose();

        using var afterCut = video.Next(other);
        using var alone = Processor.Apply(lime, other);

        Assert.Equal(1, video.Cuts);
        Assert.Equal(0, Cv2.Norm(afterCut, alone, NormTypes.INF));
    }

    private static IImageOperation Create(string method, string[] parameters) =>
        Operations.Create(method, parameters.Select(p => p.Split('=')).Select(p => KeyValuePair.Create(p[0], p[1])));

    /// <summary>A 200×140 window of the dark sample, <paramref name="shift"/> pixels to the right, with seeded grain.</summary>
    private static Mat Scene(int shift, int seed)
    {
        using var sample = Cv2.ImRead(Path.Combine(TestData.Samples, "dark-coffee.png"));
        using var small = new Mat();
        Cv2.Resize(sample, small, new Size(240, 160), 0, 0, InterpolationFlags.Area);
        var frame = new Mat(small, new Rect(shift, 10, 200, 140)).Clone();
        var random = new Random(seed);
        var values = new short[frame.Rows * frame.Cols * 3];
        for (int i = 0; i < values.Length; i++) values[i] = (short)random.Next(-5, 6);
        using var grain = Mat.FromPixelData(frame.Rows, frame.Cols, MatType.CV_16SC3, values);
        using var noisy = new Mat();
        frame.ConvertTo(noisy, MatType.CV_16SC3);
        Cv2.Add(noisy, grain, noisy);
        noisy.ConvertTo(frame, MatType.CV_8UC3);
        return frame;
    }
}
