using System.Diagnostics;
using Lumos.Processing;
using Lumos.Video;

namespace Lumos.Tests.Video;

/// <summary>Videos made here by ffmpeg from the bundled dark sample (a slow zoom with a tone), never downloaded.</summary>
public sealed class VideoJobTests
{
    [SkippableFact]
    public void Every_frame_is_processed_at_the_same_rate_and_the_audio_is_kept()
    {
        using var folder = TestData.TempFolder();
        var clip = VideoClips.Make(folder, "clip.mp4", 320, 214);
        using var gamma = Operations.Create("gamma", []);

        var result = VideoJob.Run(clip, folder.File("out.mp4"), gamma, new VideoOptions());

        var (before, after) = (VideoInfo.Probe(clip), VideoInfo.Probe(folder.File("out.mp4")));
        Assert.Equal((48L, 48L), (result.Frames, after.Frames));
        Assert.Equal((before.Width, before.Height, before.FrameRate), (after.Width, after.Height, after.FrameRate));
        // Constant rate goes straight to the encoder, frame n at n / rate as in the source.
        var ((source, tick), (times, _)) = (VideoClips.FrameTimes(clip), VideoClips.FrameTimes(folder.File("out.mp4")));
        Assert.Equal(source.Length, times.Length);
        for (int i = 0; i < times.Length; i++) Assert.InRange(times[i], source[i] - tick, source[i] + tick);
        Assert.True(after.HasAudio);
        Assert.True(VideoClips.MeanLuma(folder.File("out.mp4")) > 1.5 * VideoClips.MeanLuma(clip), "not brighter");
    }

    [SkippableFact]
    public void An_upscaler_doubles_the_frames_and_odd_sizes_are_padded_for_4_2_0()
    {
        using var folder = TestData.TempFolder();
        var clip = VideoClips.Make(folder, "odd.mkv", 161, 99, codec: "ffv1");
        using var bicubic = Operations.Create("bicubic", [new("scale", "2")]);
        var result = VideoJob.Run(clip, folder.File("x2.mkv"), bicubic, new VideoOptions { Codec = VideoCodec.Ffv1, Duration = 0.5 });
        var lossless = VideoInfo.Probe(folder.File("x2.mkv"));
        Assert.Equal((322, 198), (lossless.Width, lossless.Height));
        Assert.InRange(result.Frames, 12, 13); // 0.5 s at 24 fps; ffmpeg's -t keeps a frame stamped exactly at the end
        Assert.Equal(result.Frames, lossless.Frames);

        using var same = Operations.Create("gamma", []);
        VideoJob.Run(clip, folder.File("odd.mp4"), same, new VideoOptions { Duration = 0.25 });
        var padded = VideoInfo.Probe(folder.File("odd.mp4"));
        Assert.Equal((162, 100), (padded.Width, padded.Height));
    }

    [SkippableTheory]
    [InlineData("text", "not a readable video")]
    [InlineData("truncated", "not a readable video")]
    [InlineData("audio", "no video stream")]
    [InlineData("missing", "no such file")]
    [InlineData("no frames", "no video stream")]
    [InlineData("huge", "larger than Lumos accepts")]
    public void Bad_videos_get_one_line_and_leave_nothing(string kind, string expected)
    {
        using var folder = TestData.TempFolder();
        var input = folder.File(kind == "huge" ? "bad.y4m" : "bad.mp4");
        switch (kind)
        {
            case "text": File.WriteAllText(input, "not a video"); break;
            case "truncated": File.WriteAllBytes(input, File.ReadAllBytes(VideoClips.Make(folder, "clip.mp4", 320, 214)).AsSpan(0, 20_000).ToArray()); break;
            case "audio": VideoClips.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:a", "aac", input); break;
            case "no frames": VideoClips.Ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "0", "-c:v", "libx264", input); break;
            case "huge": File.WriteAllText(input, "YUV4MPEG2 W16000 H16000 F25:1 Ip A1:1 C420jpeg\nFRAME\nabc"); break; // a header asking for 384 MB frames
        }
        using var gamma = Operations.Create("gamma", []);

        var error = Assert.Throws<LumosException>(() => VideoJob.Run(input, folder.File("out.mp4"), gamma, new VideoOptions()));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(folder.File("out.mp4")));
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [SkippableFact]
    public void A_cancelled_job_leaves_no_output_and_no_temporary_file()
    {
        using var folder = TestData.TempFolder();
        var clip = VideoClips.Make(folder, "clip.mp4", 320, 214);
        using var cancellation = new CancellationTokenSource();
        using var gamma = Operations.Create("gamma", []);

        Assert.ThrowsAny<OperationCanceledException>(() => VideoJob.Run(clip, folder.File("out.mp4"), gamma, new VideoOptions(),
            new Reporter(p => { if (p.Frames == 5) cancellation.Cancel(); }), cancellation.Token));

        Assert.False(File.Exists(folder.File("out.mp4")));
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [SkippableFact]
    public void A_cancelled_job_with_keep_partial_leaves_a_playable_video_of_the_frames_done()
    {
        using var folder = TestData.TempFolder();
        var clip = VideoClips.Make(folder, "clip.mp4", 320, 214);
        using var cancellation = new CancellationTokenSource();
        using var gamma = Operations.Create("gamma", []);

        var result = VideoJob.Run(clip, folder.File("out.mp4"), gamma, new VideoOptions { KeepPartial = true },
            new Reporter(p => { if (p.Frames == 10) cancellation.Cancel(); }), cancellation.Token);

        Assert.True(result.Partial);
        Assert.Equal(10, result.Frames);
        var partial = VideoInfo.Probe(folder.File("out.mp4"));
        Assert.Equal((10L, 320, 214), (partial.Frames, partial.Width, partial.Height));
        // The sound stops with the pictures (10 frames at 24 fps), not after the whole 2-second source.
        Assert.InRange(VideoClips.AudioSeconds(folder.File("out.mp4")), 10 / 24.0 - 0.05, 10 / 24.0 + 0.05);
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [SkippableFact]
    public void Pixel_aspect_and_ten_bit_depth_are_kept()
    {
        using var folder = TestData.TempFolder();
        var clip = VideoClips.Make(folder, "anamorphic.mkv", 320, 214, pixelFormat: "yuv420p10le", filter: ",setsar=64/45");
        using var gamma = Operations.Create("gamma", []);

        VideoJob.Run(clip, folder.File("out.mp4"), gamma, new VideoOptions { Duration = 0.25 });

        var (before, after) = (VideoInfo.Probe(clip), VideoInfo.Probe(folder.File("out.mp4")));
        Assert.Equal((64, 45), before.PixelAspect);
        Assert.Equal((64, 45), after.PixelAspect);
        Assert.True(before.HighBitDepth && after.HighBitDepth, "10-bit input should give 10-bit H.264");
    }

    [SkippableTheory]
    [InlineData("out.mp4", 0, 0)]
    [InlineData("out.mkv", 0, 0)]
    [InlineData("window.mp4", 0.5, 1.5)]
    public void Variable_frame_rate_keeps_every_source_frame_at_its_own_time_and_the_audio(string name, double start, double duration)
    {
        using var folder = TestData.TempFolder();
        var clip = VideoClips.MakeVariable(folder, "vfr.mp4");
        Skip.If(!VideoClips.OnPath("mkvmerge"), "mkvmerge is absent (.ci/install-deps installs it): variable-frame-rate test skipped");
        using var gamma = Operations.Create("gamma", []);

        var result = VideoJob.Run(clip, folder.File(name), gamma, new VideoOptions { Start = start, Duration = duration });

        var (source, tick) = VideoClips.FrameTimes(clip);
        var (times, outputTick) = VideoClips.FrameTimes(folder.File(name));
        Assert.True(VideoInfo.Probe(clip).VariableFrameRate);
        // The window's frames, shifted to start at 0: 0.5 s to 1 s at 24 fps, then 1 s to 1.875 s at 8 fps (20 frames).
        var expected = source.Where(t => t >= start - 1e-6 && (duration == 0 || t < start + duration - 1e-6)).Select(t => t - start).ToArray();
        Assert.Equal(duration == 0 ? 40 : 20, expected.Length);
        Assert.Equal(expected.Length, result.Frames);
        Assert.Equal(expected.Length, times.Length);
        // Matroska counts milliseconds and ffmpeg starts its video after the AAC priming: compare from the first frame there.
        double offset = times[0] - expected[0], within = Math.Max(tick, outputTick) + 1e-6;
        Assert.InRange(offset, -within, name.EndsWith(".mkv") ? 0.05 : within);
        for (int i = 0; i < times.Length; i++) Assert.InRange(times[i] - offset, expected[i] - within, expected[i] + within);
        Assert.InRange(VideoClips.AudioSeconds(folder.File(name)), (duration == 0 ? 3 : duration) - 0.05, (duration == 0 ? 3 : duration) + 0.05);
        Assert.True(name.EndsWith(".mkv") || VideoInfo.Probe(folder.File(name)).VariableFrameRate); // Matroska states no rates
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [SkippableFact]
    public void Variable_frame_rate_with_keep_partial_keeps_the_times_of_the_frames_done()
    {
        using var folder = TestData.TempFolder();
        var clip = VideoClips.MakeVariable(folder, "vfr.mp4");
        Skip.If(!VideoClips.OnPath("mkvmerge"), "mkvmerge is absent (.ci/install-deps installs it): variable-frame-rate test skipped");
        using var cancellation = new CancellationTokenSource();
        using var bicubic = Operations.Create("bicubic", [new("scale", "1")]);

        var result = VideoJob.Run(clip, folder.File("out.mkv"), bicubic, new VideoOptions { KeepPartial = true, Codec = VideoCodec.Ffv1 },
            new Reporter(p => { if (p.Frames == 30) cancellation.Cancel(); }), cancellation.Token);

        Assert.True(result.Partial);
        var (source, _) = VideoClips.FrameTimes(clip);
        var (times, _) = VideoClips.FrameTimes(folder.File("out.mkv"));
        Assert.Equal(30, times.Length);
        for (int i = 0; i < times.Length; i++) Assert.InRange(times[i] - times[0], source[i] - 0.0011, source[i] + 0.0011);
        // 24 frames at 24 fps, 6 at 8 fps: the sound ends at 1.75 s, where frame 31 would have begun.
        Assert.InRange(VideoClips.AudioSeconds(folder.File("out.mkv")), 1.75 - 0.05, 1.75 + 0.05);
        Assert.Empty(Directory.GetFiles(folder.Path, ".*"));
    }

    [SkippableFact]
    public void A_method_on_luma_alone_maps_the_Y_plane_and_passes_chroma_through_untouched()
    {
        using var folder = TestData.TempFolder();
        var clip = VideoClips.Make(folder, "clip.mp4", 320, 214);
        using var gamma = Operations.Create("gamma", []);

        // CRF 0 is lossless H.264 for 4:2:0, so the output's planes are exactly what the job wrote.
        VideoJob.Run(clip, folder.File("out.mp4"), gamma, new VideoOptions { Crf = 0, Duration = 0.25 });

        var (before, after) = (Planes(clip, 320, 214, 6), Planes(folder.File("out.mp4"), 320, 214, 6));
        int luma = 320 * 214;
        Assert.True(before.AsSpan(luma).SequenceEqual(after.AsSpan(luma)), "chroma changed");
        // Y: limited range stretched to full, gamma 0.5, back: a mid-dark level 60 → full 50.0 → 112.9 → 112.
        for (int i = 0; i < luma; i += 97)
        {
            double full = Math.Clamp((before[i] - 16) * 255.0 / 219, 0, 255);
            double expected = Math.Round(255 * Math.Pow(Math.Round(full) / 255, 0.5)) * 219 / 255 + 16;
            Assert.InRange(after[i], expected - 1.5, expected + 1.5);
        }
    }

    private static byte[] Planes(string video, int width, int height, int frames)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-v", "error", "-i", video, "-frames:v", $"{frames}", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var memory = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(memory);
        process.WaitForExit();
        return memory.ToArray()[..(width * height * 3 / 2)];
    }

    [SkippableFact]
    public void Video_mode_flickers_far_less_than_per_frame_dong_when_a_dark_object_blinks()
    {
        using var folder = TestData.TempFolder();
        Skip.If(!VideoClips.OnPath("ffmpeg"), "ffmpeg is absent (.ci/install-deps installs it): video test skipped");
        // A steady scene with no black in it; a black square appears every other 4 frames, which moves Dong's
        // atmospheric light (found among the darkest input pixels) and with it the whole frame's mapping.
        var clip = folder.File("blink.mp4");
        VideoClips.Ffmpeg("-loop", "1", "-i", Path.Combine(TestData.Samples, "dark-coffee.png"), "-filter_complex",
            "[0:v]scale=320:214,lutrgb=r='40+val*0.5':g='40+val*0.5':b='40+val*0.5',drawbox=x=10:y=10:w=24:h=24:color=black:t=fill:enable='lt(mod(n\\,8)\\,4)'[v]",
            "-map", "[v]", "-t", "2", "-r", "24", "-c:v", "libx264", "-crf", "12", "-pix_fmt", "yuv420p", clip);
        using var dong = Operations.Create("dong", []);

        var perFrame = VideoJob.Run(clip, folder.File("per-frame.mp4"), dong, new VideoOptions { Smoothing = 0, Crf = 12 });
        var smoothed = VideoJob.Run(clip, folder.File("smoothed.mp4"), dong, new VideoOptions { Smoothing = 0.5, Crf = 12 });

        Assert.False(perFrame.Smoothed);
        Assert.True(smoothed.Smoothed);
        double input = Flicker.Brightness(clip), a = Flicker.Brightness(folder.File("per-frame.mp4")), b = Flicker.Brightness(folder.File("smoothed.mp4"));
        Assert.True(a > 5 * input, $"per-frame dong should flicker: {a:0.00} vs input {input:0.00}");
        Assert.True(b < 0.3 * a, $"smoothed {b:0.00} vs per-frame {a:0.00} levels of mean-luma change per frame");
    }

    [Theory]
    [InlineData("he", 0.5, false)]
    [InlineData("msr", 0.8, false)]
    [InlineData("msrcr", 0.8, false)]
    [InlineData("ssr", 0.8, false)]
    [InlineData("clahe", 0.5, true)]
    [InlineData("auto-gamma", 0.5, false)]
    [InlineData("bimef", 0.9, false)]
    public void Frame_statistics_are_smoothed_so_a_blinking_light_does_not_flicker_the_rest(string method, double most, bool local)
    {
        // HE's whole mapping is the statistic. For Retinex the Gaussian surround carries the lamp's light into every
        // pixel's log ratio too, which no smoothing of the stretch removes: the limits are about a quarter of the flicker.
        // CLAHE is local: the lamp changes its own tile's table, which the blend carries into the neighbouring tiles.
        // BIMEF's exposure ratio is a small part: its refined illumination spreads the lamp's light by itself.
        var (lampArea, watched) = local
            ? (new OpenCvSharp.Rect(0, 0, 12, 8), new OpenCvSharp.Rect(12, 0, 12, 16))
            : (new OpenCvSharp.Rect(0, 0, 16, 16), new OpenCvSharp.Rect(32, 24, 64, 40));
        using var steady = TestData.DarkColour(96, 64, seed: 3);
        using var lit = steady.Clone();
        using (var lamp = new OpenCvSharp.Mat(lit, lampArea)) lamp.SetTo(OpenCvSharp.Scalar.All(255));
        using var operation = Operations.Create(method, []);
        Assert.IsAssignableFrom<IFrameStatistics>(((MethodOperation)operation).Method);

        double Flickering(double timeConstant)
        {
            var sequence = new TemporalSmoothing(operation, frameRate: 24, timeConstant);
            var means = new List<double>();
            for (int i = 0; i < 16; i++)
                using (var output = sequence.Next(i % 4 < 2 ? steady : lit))
                using (var rest = new OpenCvSharp.Mat(output, watched))
                    means.Add(OpenCvSharp.Cv2.Mean(rest).Val1);
            return means.Zip(means.Skip(1), (a, b) => Math.Abs(a - b)).Average();
        }

        double perFrame = Flickering(0), smoothed = Flickering(1);
        Assert.True(perFrame > 0.2, $"{method}: per-frame should flicker: {perFrame:0.00}");
        Assert.True(smoothed < most * perFrame, $"{method}: smoothed {smoothed:0.00} vs per-frame {perFrame:0.00}");
    }

    [Fact]
    public void A_scene_cut_restarts_the_smoothing()
    {
        using var dark = TestData.DarkColour(64, 48, seed: 1);
        using var other = new OpenCvSharp.Mat(48, 64, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(120));
        using var dong = Operations.Create("dong", []);
        var sequence = new TemporalSmoothing(dong, frameRate: 24, timeConstant: 2);
        foreach (var frame in new[] { dark, dark, dark }) sequence.Next(frame).Dispose();

        using var afterCut = sequence.Next(other);
        using var alone = Processor.Apply(dong, other);

        Assert.Equal(1, sequence.Cuts);
        Assert.Equal(0, OpenCvSharp.Cv2.Norm(afterCut, alone, OpenCvSharp.NormTypes.INF));
    }

    [Fact]
    public void Smoothing_weighs_each_frame_by_the_time_since_the_previous_one()
    {
        // auto-gamma's γ is the statistic, τ = 1 s, and the second frame is brighter (not a cut). Ten seconds after the
        // first it takes its own γ almost wholly (weight 1 − e^−10); one frame period after it, only 1 − e^(−1/24) ≈ 4 %.
        using var dark = TestData.DarkColour(64, 48, seed: 1);
        using var brighter = new OpenCvSharp.Mat();
        dark.ConvertTo(brighter, -1, 1.6);
        using var autoGamma = Operations.Create("auto-gamma", []);
        OpenCvSharp.Mat SecondFrameAt(double? time)
        {
            var sequence = new TemporalSmoothing(autoGamma, frameRate: 24, timeConstant: 1);
            sequence.Next(dark, 0.0).Dispose();
            var second = sequence.Next(brighter, time);
            Assert.Equal(0, sequence.Cuts);
            return second;
        }

        using var tenSecondsLater = SecondFrameAt(10);
        using var oneFrameLater = SecondFrameAt(1 / 24.0);
        using var untimed = SecondFrameAt(null);
        using var alone = Processor.Apply(autoGamma, brighter);

        Assert.True(OpenCvSharp.Cv2.Norm(tenSecondsLater, alone, OpenCvSharp.NormTypes.INF) <= 1);
        Assert.Equal(0, OpenCvSharp.Cv2.Norm(oneFrameLater, untimed, OpenCvSharp.NormTypes.INF));
        Assert.True(OpenCvSharp.Cv2.Norm(oneFrameLater, alone, OpenCvSharp.NormTypes.INF) > 10);
    }

    [SkippableFact]
    public void Variable_frame_rate_times_are_known_as_each_frame_is_read()
    {
        using var folder = TestData.TempFolder();
        var clip = VideoClips.MakeVariable(folder, "vfr.mp4");
        Skip.If(!VideoClips.OnPath("mkvmerge"), "mkvmerge is absent (.ci/install-deps installs it): variable-frame-rate test skipped");
        var info = VideoInfo.Probe(clip);
        using var times = new FrameTimes(folder.File("out.tmp"), folder.File("out.mp4"));
        using var reader = new FrameReader(clip, info, "bgr24", timestamps: times.Listing);
        using var frame = new OpenCvSharp.Mat(info.Height, info.Width, OpenCvSharp.MatType.CV_8UC3);

        var read = new List<double?>();
        while (reader.Read(frame)) read.Add(times.TimeOf(read.Count)); // asked before the next frame is read
        reader.Finish();

        var (source, tick) = VideoClips.FrameTimes(clip);
        Assert.Equal(source.Length, read.Count);
        Assert.All(read, t => Assert.NotNull(t));
        for (int i = 0; i < read.Count; i++)
            Assert.InRange(read[i]!.Value - read[0]!.Value, source[i] - source[0] - tick - 1e-6, source[i] - source[0] + tick + 1e-6);
    }

    private sealed class Reporter(Action<VideoProgress> handler) : IProgress<VideoProgress>
    {
        public void Report(VideoProgress value) => handler(value);
    }
}
