using Lumos.Batch;
using Lumos.Imaging;
using Lumos.Measures;
using Lumos.Methods;
using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Tests.Processing;

/// <summary>Each shipped preset on an image it is meant for, checked for the property its description promises.</summary>
public sealed class PresetTests
{
    [Fact]
    public void Every_preset_has_a_purpose_and_builds()
    {
        Assert.Superset(new HashSet<string> { "night-photo", "surveillance", "remote-sensing", "medical-grey", "old-photo", "hazy-outdoor" },
            Presets.All.Select(p => p.Name).ToHashSet());
        foreach (var preset in Presets.All)
        {
            Assert.True(preset.Description.Length > 40, $"{preset.Name}: describe its purpose");
            using var pipeline = preset.Build();
        }
    }

    [Fact]
    public void Night_photo_brightens_a_dark_photo_and_keeps_its_colour()
    {
        using var dark = Crop("dark-coffee.png", 96, 64);
        using var output = Run("night-photo", dark);
        Assert.True(Mean(output).Sum() > 2.5 * Mean(dark).Sum(), "not brightened");
        // Chromaticity (each channel's share of the sum) moves by less than 0.05.
        var (before, after) = (Shares(dark), Shares(output));
        Assert.All(Enumerable.Range(0, 3), c => Assert.InRange(after[c] - before[c], -0.05, 0.05));
    }

    [Fact]
    public void Surveillance_is_per_pixel_so_a_change_in_one_region_cannot_flicker_the_rest()
    {
        using var frame = Crop("dark-chelsea.png", 96, 64);
        using var next = frame.Clone();
        using (var region = new Mat(next, new Rect(0, 0, 32, 32))) region.SetTo(Scalar.All(250)); // a headlight enters
        using var a = Run("surveillance", frame);
        using var b = Run("surveillance", next);
        using var outsideA = new Mat(a, new Rect(32, 32, 64, 32));
        using var outsideB = new Mat(b, new Rect(32, 32, 64, 32));
        Assert.Equal(0, Cv2.Norm(outsideA, outsideB, NormTypes.INF));
        Assert.True(Mean(a).Sum() > 1.5 * Mean(frame).Sum());
    }

    [Fact]
    public void Remote_sensing_upscales_a_16_bit_tiff_to_a_16_bit_tiff_without_colour_shift()
    {
        using var folder = TestData.TempFolder();
        using var eight = Crop("coffee.jpg", 48, 40);
        using var sixteen = new Mat();
        eight.ConvertTo(sixteen, MatType.CV_16UC3, 257);
        Cv2.ImWrite(folder.File("tile.tif"), sixteen);
        var item = new BatchItem(folder.File("tile.tif"), folder.File("tile-x2.tif"));
        using var pipeline = Presets.Get("remote-sensing").Build();

        var result = new ProcessingJob(pipeline, new ReadOptions(), new WriteOptions()).Run(item);

        Assert.True(result.Ok, result.Error);
        using var output = Cv2.ImRead(item.Output, ImreadModes.Unchanged);
        Assert.Equal((MatType.CV_16UC3, 96, 80), (output.Type(), output.Cols, output.Rows));
        var (before, after) = (Mean(sixteen), Mean(output));
        Assert.All(Enumerable.Range(0, 3), c => Assert.InRange(after[c] / before[c], 0.98, 1.02));
    }

    [Fact]
    public void Medical_grey_raises_local_contrast_of_16_bit_grey_with_classic_steps_only()
    {
        using var grey8 = new Mat();
        using (var colour = Crop("dark-chelsea.png", 96, 64)) Cv2.CvtColor(colour, grey8, ColorConversionCodes.BGR2GRAY);
        using var grey16 = new Mat();
        grey8.ConvertTo(grey16, MatType.CV_16U, 257);
        using var pipeline = Presets.Get("medical-grey").Build();
        Assert.All(pipeline.Steps, step => Assert.Equal(typeof(IEnhancementMethod).Assembly, ((MethodOperation)step).Method.GetType().Assembly));

        using var output = Processor.Apply(pipeline, grey16);

        Assert.Equal(MatType.CV_16UC1, output.Type());
        var contrast = new RmsContrast();
        Assert.True(contrast.Measure(output) > 1.3 * contrast.Measure(grey16));
    }

    [Fact]
    public void Old_photo_brightens_gently_and_doubles_the_size()
    {
        using var photo = Crop("dark-coffee.png", 48, 32);
        using var output = Run("old-photo", photo);
        Assert.Equal((96, 64), (output.Cols, output.Rows));
        double gain = Mean(output).Sum() / Mean(photo).Sum();
        Assert.InRange(gain, 1.5, 8);
    }

    [Fact]
    public void Hazy_outdoor_brings_a_hazed_photo_closer_to_the_clear_one()
    {
        using var clear = Crop("coffee.jpg", 128, 96);
        // Koschmieder's model I = J·t + A·(1 − t): uniform haze, transmission 0.5, bright grey airlight.
        using var hazy = new Mat();
        Cv2.AddWeighted(clear, 0.5, new Mat(clear.Size(), clear.Type(), Scalar.All(230)), 0.5, 0, hazy);
        using var dehazed = Run("hazy-outdoor", hazy);
        var psnr = new Psnr(new PsnrOptions());
        Assert.True(psnr.Measure(dehazed, clear) > psnr.Measure(hazy, clear) + 3,
            $"dehazed {psnr.Measure(dehazed, clear):0.0} dB vs hazy {psnr.Measure(hazy, clear):0.0} dB");
    }

    private static Mat Run(string preset, Mat image)
    {
        using var pipeline = Presets.Get(preset).Build();
        return Processor.Apply(pipeline, image);
    }

    private static Mat Crop(string sample, int width, int height)
    {
        using var image = Cv2.ImRead(Path.Combine(TestData.Samples, sample), ImreadModes.Color);
        using var resized = new Mat();
        Cv2.Resize(image, resized, new Size(width, height), interpolation: InterpolationFlags.Area);
        return resized.Clone();
    }

    private static double[] Mean(Mat image)
    {
        var mean = Cv2.Mean(image);
        return [mean.Val0, mean.Val1, mean.Val2];
    }

    private static double[] Shares(Mat image)
    {
        var mean = Mean(image);
        return [.. mean.Select(v => v / mean.Sum())];
    }
}
