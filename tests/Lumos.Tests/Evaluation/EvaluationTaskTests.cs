using Lumos.Evaluation;
using Lumos.Imaging;
using Lumos.Measures;
using OpenCvSharp;

namespace Lumos.Tests.Evaluation;

public sealed class EvaluationTaskTests
{
    [Fact]
    public void Each_task_takes_its_methods_from_its_own_registry()
    {
        Assert.Contains(new LowLightTask().Parameters("lime"), p => p.Name == "gamma");
        Assert.Throws<LumosException>(() => new LowLightTask().Parameters("bicubic"));
        Assert.NotNull(new SuperResolutionTask(2).Parameters("bicubic"));
        Assert.Throws<LumosException>(() => new SuperResolutionTask(2).Parameters("lime"));
    }

    [Fact]
    public void A_chain_runs_its_methods_in_order_each_with_the_parameters_it_takes()
    {
        using var image = TestData.DarkColour(40, 32);
        var task = new LowLightTask();
        using var chained = task.CreateMethod("gamma+clahe", [new("gamma", "0.6"), new("clip-limit", "3")])(image);

        using var gamma = Lumos.Methods.Enhancer.Apply(Lumos.Methods.EnhancementMethods.Registry.Create("gamma", [new("gamma", "0.6")]), image);
        using var expected = Lumos.Methods.Enhancer.Apply(Lumos.Methods.EnhancementMethods.Registry.Create("clahe", [new("clip-limit", "3")]), gamma);
        Assert.Equal(0, Cv2.Norm(expected, chained, NormTypes.INF));
        Assert.Contains(task.Parameters("gamma+clahe"), p => p.Name == "clip-limit");
        Assert.Contains(task.Parameters("gamma+clahe"), p => p.Name == "gamma");
        var unknown = Assert.Throws<LumosException>(() => task.CreateMethod("gamma+clahe", [new("omega", "0.5")]));
        Assert.Contains("no method of the chain takes 'omega'", unknown.Message);
        Assert.Throws<LumosException>(() => task.Parameters("gamma+bicubic"));
    }

    [Fact]
    public void A_parameter_qualified_with_a_step_reaches_that_step_of_the_chain_alone()
    {
        using var image = TestData.DarkColour(40, 32);
        var task = new LowLightTask();
        var given = new KeyValuePair<string, string>[] { new("channel", "per-channel"), new("he.channel", "v"), new("gamma", "0.6") };
        using var chained = task.CreateMethod("he+gamma", given)(image);

        using var he = Lumos.Methods.Enhancer.Apply(Lumos.Methods.EnhancementMethods.Registry.Create("he", [new("channel", "v")]), image);
        using var expected = Lumos.Methods.Enhancer.Apply(Lumos.Methods.EnhancementMethods.Registry.Create("gamma", [new("gamma", "0.6"), new("channel", "per-channel")]), he);
        Assert.Equal(0, Cv2.Norm(expected, chained, NormTypes.INF));
        var asRun = task.ParametersAsRun("he+gamma", given);
        Assert.Equal("v", asRun["he.channel"]);
        Assert.Equal("per-channel", asRun["gamma.channel"]);
        Assert.Equal("0.6", asRun["gamma.gamma"]);

        Assert.Contains("'lime' in 'lime.gamma' is not a method of the chain", Assert.Throws<LumosException>(() => task.CreateMethod("he+gamma", [new("lime.gamma", "0.5")])).Message);
        Assert.Contains("he takes no 'gamma'", Assert.Throws<LumosException>(() => task.CreateMethod("he+gamma", [new("he.gamma", "0.5")])).Message);

        // From the command line: -p he.channel=v goes to the method he and to the step he of the chain, nowhere else.
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "data/a.png");
        var run = Tests.Cli.Cli.Run("eval", "-d", folder.File("data"), "-m", "he,he+gamma,gamma", "-p", "he.channel=v", "-o", folder.File("report"), "--measures", "brightness");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var methods = System.Text.Json.JsonDocument.Parse(File.ReadAllText(folder.File("report/results.json"))).RootElement.GetProperty("methods");
        string Parameter(int method, string name) => methods[method].GetProperty("parameters").GetProperty(name).GetString()!;
        Assert.Equal("v", Parameter(0, "channel"));
        Assert.Equal("v", Parameter(1, "he.channel"));
        Assert.Equal("y", Parameter(1, "gamma.channel"));
        Assert.Equal("y", Parameter(2, "channel"));
    }

    [Fact]
    public void Low_light_methods_keep_the_size_and_super_resolution_methods_multiply_it_by_the_scale()
    {
        using var image = TestData.DarkColour(20, 14);
        using var enhanced = new LowLightTask().CreateMethod("gamma", [])(image);
        using var upscaled = new SuperResolutionTask(3).CreateMethod("bicubic", [])(image);
        Assert.Equal(image.Size(), enhanced.Size());
        Assert.Equal(new Size(60, 42), upscaled.Size());
    }

    [Fact]
    public void Low_light_pairs_each_input_with_its_ground_truth_as_it_is()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "low/a.png", "high/a.png");
        var (input, truth) = new LowLightTask().Load(new EvalSample("a", folder.File("low/a.png"), folder.File("high/a.png")), new ReadOptions());
        using (input)
        using (truth)
        {
            Assert.Equal(new Size(32, 24), input.Size());
            Assert.Equal(0, Cv2.Norm(input, truth!, NormTypes.INF));
        }
    }

    [Fact]
    public void Low_light_refuses_a_ground_truth_of_another_size()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "low/a.png");
        using (var small = TestData.DarkColour(16, 12)) Cv2.ImWrite(folder.File("truth.png"), small);
        var error = Assert.Throws<LumosException>(() => new LowLightTask().Load(new EvalSample("a", folder.File("low/a.png"), folder.File("truth.png")), new ReadOptions()));
        Assert.Contains("ground truth is 16×12, input is 32×24", error.Message);
    }

    [Fact]
    public void Low_light_measures_by_default_what_the_data_allows()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "plain/a.png", "paired/low/a.png", "paired/high/a.png");
        var unpaired = new LowLightTask().DefaultMeasures([EvalDataset.Load(folder.File("plain"))]);
        var paired = new LowLightTask().DefaultMeasures([EvalDataset.Load(folder.File("paired"))]);

        Assert.Contains("loe", unpaired);       // compares with the input: runs without a ground truth
        Assert.DoesNotContain("psnr", unpaired);
        Assert.Equal(QualityMeasures.Registry.All.Select(m => m.Name), paired);
    }

    [Fact]
    public void Super_resolution_degrades_each_image_into_an_input_of_one_scale_th_the_size()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "a.png"); // 32×24: cropped to 30×24 at scale 3
        var (input, truth) = new SuperResolutionTask(3).Load(new EvalSample("a", folder.File("a.png"), null), new ReadOptions());
        using (input)
        using (truth)
        {
            Assert.Equal(new Size(30, 24), truth!.Size());
            Assert.Equal(new Size(10, 8), input.Size());
        }
    }

    [Fact]
    public void Super_resolution_reports_psnr_and_ssim_on_y_with_a_border_crop_of_the_scale()
    {
        var task = new SuperResolutionTask(4);
        using var image = TestData.DarkColour(40, 32, seed: 1);
        using var other = TestData.DarkColour(40, 32, seed: 2);
        var onY = QualityMeasures.Registry.Get("psnr").Create([new("channel", "y"), new("crop-border", "4")]);

        Assert.Equal(["psnr", "ssim"], task.DefaultMeasures([]));
        var psnr = QualityMeasures.Registry.Get("psnr").Create(task.MeasureSettings("psnr"));
        Assert.Equal(((IReferenceMeasure)onY).Measure(image, other), ((IReferenceMeasure)psnr).Measure(image, other));
        Assert.Empty(task.MeasureSettings("niqe")); // a measure without those parameters is built as it is
    }

    [Fact]
    public void Darkening_without_noise_is_the_exposure_curve_rounded_to_the_depth()
    {
        using var image = TestData.DarkColour(24, 16, 2);
        using var brighter = new Mat();
        image.ConvertTo(brighter, MatType.CV_8UC3, 3); // mid-tones, so the curve has something to darken
        var darkening = new Darkening(new DarkeningOptions { Gamma = 2.2, Exposure = 0.8, PoissonPeak = 0, ReadNoise = 0 });
        using var dark = darkening.Apply(brighter, seed: 1);
        int rows = brighter.Rows, cols = brighter.Cols;
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < cols; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(Math.Round(255 * 0.8 * Math.Pow(brighter.At<Vec3b>(y, x)[c] / 255.0, 2.2), MidpointRounding.ToEven), dark.At<Vec3b>(y, x)[c]);
    }

    [Fact]
    public void Darkening_noise_is_unbiased_shot_plus_read_noise_seeded_by_the_file_name()
    {
        using var grey = new Mat(200, 200, MatType.CV_16UC1, new Scalar(40000));
        var darkening = new Darkening(new DarkeningOptions { Gamma = 1, PoissonPeak = 100, ReadNoise = 0.01 });
        using var noisy = darkening.Apply(grey, Darkening.SeedOf("/data/a/photo.png"));
        Cv2.MeanStdDev(noisy, out var mean, out var deviation);
        double level = 40000 / 65535.0, expectedSigma = Math.Sqrt(level / 100 + 0.01 * 0.01) * 65535; // Poisson variance λ/peak² plus read noise
        Assert.InRange(mean.Val0, 40000 - 3 * expectedSigma / 200, 40000 + 3 * expectedSigma / 200);
        Assert.InRange(deviation.Val0, 0.95 * expectedSigma, 1.05 * expectedSigma);
        Assert.Equal(Darkening.SeedOf("/data/a/photo.png"), Darkening.SeedOf("elsewhere/photo.png"));
        using var again = darkening.Apply(grey, Darkening.SeedOf("elsewhere/photo.png"));
        Assert.Equal(0, Cv2.Norm(noisy, again, NormTypes.INF));
        Assert.NotEqual(Darkening.SeedOf("photo.png"), Darkening.SeedOf("photo2.png"));
    }

    [Fact]
    public void Darkened_task_pairs_each_photo_with_its_darkened_self_and_reports_full_reference_measures()
    {
        using var folder = TestData.TempFolder();
        using var photo = TestData.DarkColour(40, 30, 5);
        using var bright = new Mat();
        photo.ConvertTo(bright, MatType.CV_8UC3, 3);
        Cv2.ImWrite(folder.File("photo.png"), bright);
        var darkening = new Darkening(new DarkeningOptions());
        var task = new DarkenedTask(darkening);
        var (input, truth) = task.Load(new EvalSample("photo", folder.File("photo.png"), null), new ReadOptions());
        using (input)
        using (truth)
        using (var expected = darkening.Apply(bright, Darkening.SeedOf("photo.png")))
        {
            Assert.Equal(0, Cv2.Norm(bright, truth!, NormTypes.INF));
            Assert.Equal(0, Cv2.Norm(expected, input, NormTypes.INF));
            Assert.True(Cv2.Mean(input).Val0 < 0.6 * Cv2.Mean(bright).Val0);
        }
        Assert.Contains("psnr", task.DefaultMeasures([]));
        Assert.Contains("ciede2000", task.DefaultMeasures([]));

        var run = Tests.Cli.Cli.Run("eval", "--task", "darkened", "-d", folder.Path, "-m", "identity,gamma", "-o", folder.File("report"), "--measures", "psnr",
            "--darkening", "gamma=3,poisson-peak=0,read-noise=0", "--json");
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        using var darker = new Darkening(new DarkeningOptions { Gamma = 3, PoissonPeak = 0, ReadNoise = 0 }).Apply(bright, 0);
        double identity = new Psnr(new PsnrOptions()).Measure(darker, bright);
        Assert.Contains(identity.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture)[..6], run.Out);
        // The task made a ground truth for every image: the report says the data is paired and shows the ground truths.
        var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(folder.File("report/results.json"))).RootElement;
        Assert.True(report.GetProperty("datasets")[0].GetProperty("paired").GetBoolean());
        Assert.Contains("<img alt=\"ground truth\"", File.ReadAllText(folder.File("report/report.html")));
        var bad = Tests.Cli.Cli.Run("eval", "--task", "darkened", "-d", folder.Path, "-m", "identity", "-o", folder.File("r2"), "--darkening", "gamma=0.5");
        Assert.Equal(2, bad.ExitCode);
        Assert.DoesNotContain("   at ", bad.Error);
    }
}
