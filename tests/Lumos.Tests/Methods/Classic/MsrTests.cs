using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class MsrTests
{
    [Fact]
    public void Msr_retinex_matches_the_numpy_reference_within_1e_5()
    {
        var reference = TestData.Reference("msr.json");
        using var input = Cv2.ImRead(Path.Combine(TestData.ReferenceDir, reference.GetProperty("input").GetString()!), ImreadModes.Color);
        var sigmas = reference.GetProperty("sigmas").EnumerateArray().Select(s => s.GetDouble()).ToArray();
        var expected = reference.GetProperty("retinex_bgr").EnumerateArray().Select(v => v.GetDouble()).ToArray();

        using var shifted = Retinex.Shifted(input);
        using var retinex = new Mat();
        Retinex.MultiScale(shifted, sigmas, exactBlur: true, retinex);
        retinex.GetArray(out Vec3f[] actual);
        Assert.Equal(expected.Length, actual.Length * 3);
        double worst = 0;
        for (int i = 0; i < actual.Length; i++)
            for (int c = 0; c < 3; c++) worst = Math.Max(worst, Math.Abs(actual[i][c] - expected[3 * i + c]));
        Assert.True(worst < 1e-5, $"largest difference {worst:E2} in log units");
    }

    [Fact]
    public void Msr_of_nine_scales_on_16_bit_extremes_equals_the_mean_of_its_single_scale_retinexes()
    {
        // Black and full-white 16-bit regions make log ratios near ±11: the sum over nine scales must stay exact there.
        using var image = new Mat(64, 80, MatType.CV_16UC3, Scalar.All(0));
        image[new Rect(20, 10, 30, 40)].SetTo(Scalar.All(65535));
        image[new Rect(60, 0, 4, 64)].SetTo(new Scalar(65535, 0, 300));
        double[] sigmas = [1, 2, 3, 5, 8, 13, 21, 34, 55];
        using var shifted = Retinex.Shifted(image);
        using var multi = new Mat();
        Retinex.MultiScale(shifted, sigmas, exactBlur: true, multi);
        using var mean = new Mat(shifted.Size(), MatType.CV_64FC3, Scalar.All(0));
        foreach (var sigma in sigmas)
        {
            using var single = new Mat();
            Retinex.MultiScale(shifted, [sigma], exactBlur: true, single);
            using var wide = new Mat();
            single.ConvertTo(wide, MatType.CV_64FC3, 1.0 / sigmas.Length);
            Cv2.Add(mean, wide, mean);
        }
        using var multiWide = new Mat();
        multi.ConvertTo(multiWide, MatType.CV_64FC3);
        double worst = Cv2.Norm(multiWide, mean, NormTypes.INF);
        Assert.True(double.IsFinite(worst) && worst < 1e-5, $"largest difference {worst:E2} in log units");
        Assert.True(Cv2.Norm(mean, NormTypes.INF) > 5, "the scene must reach ratios far from 1");
    }

    [Fact]
    public void Msr_output_matches_the_numpy_reference_within_one_level()
    {
        var reference = TestData.Reference("msr.json");
        using var input = Cv2.ImRead(Path.Combine(TestData.ReferenceDir, reference.GetProperty("input").GetString()!), ImreadModes.Color);
        var expected = reference.GetProperty("output_bgr").EnumerateArray().Select(v => v.GetInt32()).ToArray();

        using var output = new Msr(new MsrOptions { ExactBlur = true }).Enhance(input);
        output.GetArray(out Vec3b[] actual);
        var differences = actual.SelectMany((p, i) => new[] { p.Item0 - expected[3 * i], p.Item1 - expected[3 * i + 1], p.Item2 - expected[3 * i + 2] })
            .Select(Math.Abs).ToArray();
        Assert.True(differences.Max() <= 1, $"largest difference {differences.Max()} levels");
        Assert.True(differences.Average() < 0.2, $"mean difference {differences.Average():0.###} levels");
    }

    [Fact]
    public void Msr_with_fast_blur_stays_within_three_levels_of_exact_blur()
    {
        using var scene = TestData.DarkColour(640, 480);
        using var fast = new Msr(new MsrOptions()).Enhance(scene);
        using var exact = new Msr(new MsrOptions { ExactBlur = true }).Enhance(scene);
        using var difference = new Mat();
        Cv2.Absdiff(fast, exact, difference);
        using var samples = difference.Reshape(1);
        Assert.True(Cv2.Norm(samples, NormTypes.INF) <= 3, $"max difference {Cv2.Norm(samples, NormTypes.INF)} levels");
        Assert.True(Cv2.Mean(samples).Val0 < 0.5, $"mean difference {Cv2.Mean(samples).Val0:0.###} levels");
    }

    [Fact]
    public void Msr_rejects_an_empty_or_non_positive_scale_list()
    {
        Assert.Throws<LumosException>(() => new Msr(new MsrOptions { Sigmas = [] }));
        Assert.Throws<LumosException>(() => new Msr(new MsrOptions { Sigmas = [15, 0] }));
    }
}
