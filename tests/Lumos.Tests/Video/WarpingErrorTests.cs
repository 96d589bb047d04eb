using Lumos.Processing;
using Lumos.Video;

namespace Lumos.Tests.Video;

/// <summary>Lai et al.'s warping error on clips made here: a lossless pan, so the motion is known exactly.</summary>
public sealed class WarpingErrorTests
{
    /// <summary>A 1-second 12 fps pan, 2 pixels per frame across the dark sample, lossless.</summary>
    private static string Pan(TempFolder folder, string name, string extra = "")
    {
        Skip.If(!VideoClips.OnPath("ffmpeg"), "ffmpeg is absent (.ci/install-deps installs it): video test skipped");
        var path = folder.File(name);
        VideoClips.Ffmpeg("-framerate", "12", "-loop", "1", "-i", Path.Combine(TestData.Samples, "dark-coffee.png"), "-vf",
            $"scale=400:268,crop=240:160:'2*n':40{extra}", "-t", "1", "-c:v", "ffv1", "-pix_fmt", "bgr0", path);
        return path;
    }

    [SkippableFact]
    public void A_pan_warps_onto_itself_so_the_original_scores_near_zero()
    {
        using var folder = TestData.TempFolder();
        var pan = Pan(folder, "pan.mkv");

        var result = WarpingError.Measure(pan, pan);

        Assert.Equal(11, result.Pairs);
        Assert.True(result.Visible > 0.6, $"only {result.Visible:P0} of pixels counted on a plain pan");
        Assert.True(result.Error < 0.002, $"original against its own flow: {result.Error:0.00000}");
    }

    [SkippableFact]
    public void Every_other_frame_brightened_by_20_levels_scores_three_times_the_squared_step()
    {
        using var folder = TestData.TempFolder();
        var pan = Pan(folder, "pan.mkv");
        var flicker = Pan(folder, "flicker.mkv", ",lutrgb=r='val+20':g='val+20':b='val+20':enable='mod(n\\,2)'");

        var steady = WarpingError.Measure(pan, pan).Error;
        var flickering = WarpingError.Measure(pan, flicker).Error;

        // Each pair differs by 20 levels in all three channels (clipping aside): 3 · (20/255)² ≈ 0.0185 above the floor.
        double expected = 3 * Math.Pow(20 / 255.0, 2);
        Assert.True(flickering - steady > 0.8 * expected && flickering - steady < 1.05 * expected,
            $"flickering {flickering:0.00000}, steady {steady:0.00000}, expected a difference of {expected:0.00000}");
    }

    [SkippableFact]
    public void Video_mode_dong_has_a_lower_warping_error_than_per_frame_dong()
    {
        using var folder = TestData.TempFolder();
        // No black in the scene but a square that blinks: per-frame Dong's airlight jumps with it (see VideoJobTests).
        var pan = Pan(folder, "pan.mkv", ",lutrgb=r='40+val*0.5':g='40+val*0.5':b='40+val*0.5',drawbox=x=10:y=10:w=24:h=24:color=black:t=fill:enable='lt(mod(n\\,4)\\,2)'");
        using var dong = Operations.Create("dong", []);
        var lossless = new VideoOptions { Codec = VideoCodec.Ffv1 };

        VideoJob.Run(pan, folder.File("per-frame.mkv"), dong, lossless with { Smoothing = 0 });
        VideoJob.Run(pan, folder.File("smoothed.mkv"), dong, lossless with { Smoothing = 0.5 });

        var perFrame = WarpingError.Measure(pan, folder.File("per-frame.mkv")).Error;
        var smoothed = WarpingError.Measure(pan, folder.File("smoothed.mkv")).Error;
        Assert.True(smoothed < 0.5 * perFrame, $"smoothed {smoothed:0.00000} vs per-frame {perFrame:0.00000}");
    }

    [SkippableFact]
    public void Image_measures_named_for_a_video_are_a_usage_error()
    {
        using var folder = TestData.TempFolder();
        var clip = VideoClips.Make(folder, "c.mp4", 160, 108);

        var result = Lumos.Tests.Cli.Cli.Run("measure", clip, "--measures", "psnr");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("lumos: --measures applies to images; a video gets flicker and, with --ref, warping error", result.Error.Trim());
    }

    [SkippableFact]
    public void Lumos_measure_on_a_video_pair_gives_flicker_and_warping_error_of_both()
    {
        using var folder = TestData.TempFolder();
        var pan = Pan(folder, "pan.mkv");
        var flicker = Pan(folder, "flicker.mkv", ",lutrgb=r='val+20':g='val+20':b='val+20':enable='mod(n\\,2)'");

        var result = Lumos.Tests.Cli.Cli.Run("measure", flicker, "--ref", pan, "--json");

        Assert.Equal(0, result.ExitCode);
        var measures = System.Text.Json.JsonDocument.Parse(result.Out).RootElement.GetProperty("measures");
        Assert.True(measures.GetProperty("flicker").GetDouble() > 10 * measures.GetProperty("flicker (original)").GetDouble());
        Assert.True(measures.GetProperty("warping error").GetDouble() > 10 * measures.GetProperty("warping error (original)").GetDouble());
    }

    [SkippableFact]
    public void Videos_of_different_lengths_are_one_line_errors()
    {
        using var folder = TestData.TempFolder();
        var pan = Pan(folder, "pan.mkv");
        var shorter = folder.File("short.mkv");
        VideoClips.Ffmpeg("-i", pan, "-frames:v", "5", "-c:v", "ffv1", shorter);

        var error = Assert.Throws<LumosException>(() => WarpingError.Measure(pan, shorter));

        Assert.Contains("frame count differs", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
