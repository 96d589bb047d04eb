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
        Assert.Equal(((IReferenceMeasure)onY).Measure(image, other), ((IReferenceMeasure)task.CreateMeasure("psnr")).Measure(image, other));
        Assert.NotNull(task.CreateMeasure("niqe")); // a measure without those parameters is built as it is
    }
}
