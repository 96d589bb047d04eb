using Lumos.Methods;
using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class MsrcrTests
{
    [Fact]
    public void Msrcr_brightens_a_dark_image()
    {
        using var dark = TestData.DarkColour(160, 120);
        using var output = EnhancementMethods.Registry.Create("msrcr").Enhance(dark);
        double before = RetinexTests.MeanLevel(dark), after = RetinexTests.MeanLevel(output);
        Assert.True(after > before + 50, $"mean {before:0.#} -> {after:0.#}");
    }

    [Fact]
    public void Msrcr_gain_offset_maps_a_flat_image_to_gain_times_offset()
    {
        // A flat image has R_MSR = 0, so out = G·(0 + b) on the 8-bit scale: 30·6 = 180 (and 180·257 at 16 bits).
        var options = new MsrcrOptions { Balance = false, Beta = 1, Gain = 30, Offset = 6 };
        using var flat = new Mat(40, 50, MatType.CV_8UC3, new Scalar(10, 40, 70));
        using var output = new Msrcr(options).Enhance(flat);
        Assert.Equal(new Vec3b(180, 180, 180), output.At<Vec3b>(20, 25));
        using var flat16 = new Mat(40, 50, MatType.CV_16UC3, new Scalar(2570, 10280, 17990));
        using var output16 = new Msrcr(options).Enhance(flat16);
        Assert.Equal(new Vec3w(46260, 46260, 46260), output16.At<Vec3w>(20, 25));
    }

    [Fact]
    public void Msrcr_colour_restoration_changes_the_msr_result()
    {
        using var scene = TestData.DarkColour(120, 90);
        using var restored = new Msrcr(new MsrcrOptions()).Enhance(scene);
        using var plain = new Msr(new MsrOptions()).Enhance(scene);
        using var difference = new Mat();
        Cv2.Absdiff(restored, plain, difference);
        using var samples = difference.Reshape(1);
        Assert.True(Cv2.Mean(samples).Val0 > 2, $"mean difference {Cv2.Mean(samples).Val0:0.##} levels");
    }
}
