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
