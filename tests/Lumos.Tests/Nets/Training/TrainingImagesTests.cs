using Lumos.Nets.Training;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Training;

public sealed class TrainingImagesTests
{
    /// <summary>A 100×80 grey ramp rising 2 levels per column: a crop's slope tells which copy it came from.</summary>
    private static string Ramp(TempFolder folder)
    {
        using var ramp = new Mat(80, 100, MatType.CV_8UC3);
        for (int y = 0; y < 80; y++)
            for (int x = 0; x < 100; x++)
                ramp.Set(y, x, new Vec3b((byte)(2 * x), (byte)(2 * x), (byte)(2 * x)));
        var file = folder.File("ramp.png");
        Cv2.ImWrite(file, ramp);
        return file;
    }

    /// <summary>Levels per pixel across a crop, along whichever axis (flips and transposes) the ramp ended up on.</summary>
    private static double Slope(Mat crop)
    {
        int side = crop.Rows, last = side - 1;
        double across = 0, down = 0;
        for (int i = 0; i < side; i++)
        {
            across += crop.At<Vec3b>(i, last).Item1 - crop.At<Vec3b>(i, 0).Item1;
            down += crop.At<Vec3b>(last, i).Item1 - crop.At<Vec3b>(0, i).Item1;
        }
        return Math.Max(Math.Abs(across), Math.Abs(down)) / side / last;
    }

    [Fact]
    public void Scale_augmentation_adds_one_shrunk_copy_per_factor_that_still_holds_a_crop()
    {
        using var folder = TestData.TempFolder();
        var file = Ramp(folder);
        // 0.3 shrinks the 80 rows to 24, below the 32-px crop: that copy is left out.
        using var images = TrainingImages.Read([file], 32, "test", [0.9, 0.6, 0.3]);
        Assert.Equal(1, images.Count);
        Assert.Equal(3, images.Variants);

        var crops = images.RandomCrops(300, 32, new Random(5));
        var slopes = crops.Select(Slope).ToArray();
        foreach (var crop in crops) crop.Dispose();
        // Shrinking by f steepens the ramp by 1/f: 2, 2.22 and 3.33 levels per pixel, each copy drawn about as often.
        foreach (double expected in new[] { 2, 2 / 0.9, 2 / 0.6 })
            Assert.InRange(slopes.Count(s => Math.Abs(s - expected) < 0.1), 60, 140);
        Assert.All(slopes, s => Assert.Contains([2, 2 / 0.9, 2 / 0.6], e => Math.Abs(s - e) < 0.1));
    }

    [Fact]
    public void Without_scale_augmentation_crops_come_from_the_images_as_they_are()
    {
        using var folder = TestData.TempFolder();
        using var images = TrainingImages.Read([Ramp(folder)], 32, "test");
        Assert.Equal(1, images.Variants);
        var crops = images.RandomCrops(50, 32, new Random(5));
        Assert.All(crops, crop => Assert.Equal(2, Slope(crop), 0.05));
        foreach (var crop in crops) crop.Dispose();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_shrink_factor_outside_zero_to_one_is_refused(double factor)
    {
        using var folder = TestData.TempFolder();
        var e = Assert.Throws<LumosException>(() => TrainingImages.Read([Ramp(folder)], 32, "test", [factor]));
        Assert.Contains("between 0 and 1", e.Message);
    }
}
