using Lumos.Methods;
using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class LimeTests
{
    private static readonly LimeOptions Defaults = new();

    private static (float[] Map, int Width, int Height) InitialMap(Mat bgr) => (Lime.InitialIllumination(bgr), bgr.Cols, bgr.Rows);

    private static IlluminationProblem DefaultProblem(Mat bgr)
    {
        var (map, width, height) = InitialMap(bgr);
        return StructureAwareIllumination.Problem(map, width, height, Defaults.Alpha, Defaults.Sigma, Defaults.Epsilon);
    }

    [Fact]
    public void Lime_solver_matches_a_hand_solved_two_pixel_system()
    {
        // Two pixels, one edge of weight w: (1+w)t0 − w t1 = a, −w t0 + (1+w)t1 = b.
        const float w = 3, a = 0.2f, b = 0.8f;
        var problem = new IlluminationProblem(2, 1, [a, b], [w, 0], [0, 0]);
        var t = problem.Solve(1e-7, 100).Illumination;
        Assert.Equal(((1 + w) * a + w * b) / (1 + 2 * w), t[0], 5);
        Assert.Equal(((1 + w) * b + w * a) / (1 + 2 * w), t[1], 5);
    }

    [Fact]
    public void Lime_refinement_lowers_the_objective()
    {
        using var dark = TestData.DarkColour();
        var problem = DefaultProblem(dark);
        var refined = problem.Solve(Defaults.Tolerance, Defaults.MaxIterations).Illumination;
        double before = problem.Objective(problem.Target), after = problem.Objective(refined);
        Assert.True(after < 0.5 * before, $"objective {before} -> {after}");
    }

    [Fact]
    public void Lime_exact_solver_reaches_the_residual_tolerance()
    {
        using var dark = TestData.DarkColour(160, 120);
        var problem = DefaultProblem(dark);
        var solution = problem.Solve(Defaults.Tolerance, Defaults.MaxIterations);
        Assert.True(solution.Iterations > 1);
        Assert.True(problem.RelativeResidual(solution.Illumination) <= Defaults.Tolerance, $"residual {problem.RelativeResidual(solution.Illumination)}");
        Assert.True(problem.RelativeResidual(problem.Target) > 100 * Defaults.Tolerance);
    }

    [Fact]
    public void Lime_matches_the_scipy_sparse_solve_reference()
    {
        var reference = TestData.Reference("lime.json");
        using var input = Cv2.ImRead(Path.Combine(TestData.ReferenceDir, "lime_input.png"));
        var lime = new Lime(new LimeOptions { Solver = LimeSolver.Exact, Tolerance = 1e-7 });
        var (map, width, height) = InitialMap(input);
        var refined = lime.RefineIllumination(map, width, height);
        var expected = reference.GetProperty("illumination").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expected.Length, refined.Length);
        for (int i = 0; i < refined.Length; i++) Assert.True(Math.Abs(refined[i] - expected[i]) < 1e-4, $"pixel {i}: {refined[i]} vs {expected[i]}");

        using var enhanced = lime.Enhance(input);
        var expectedBgr = reference.GetProperty("enhanced_bgr").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        enhanced.GetArray(out Vec3b[] actual);
        for (int i = 0; i < actual.Length; i++)
            for (int c = 0; c < 3; c++)
                Assert.True(Math.Abs(actual[i][c] - expectedBgr[3 * i + c]) <= 1, $"pixel {i} channel {c}: {actual[i][c]} vs {expectedBgr[3 * i + c]}");
    }

    [SkippableFact]
    public void Lime_fast_mode_is_close_to_exact_on_a_photo()
    {
        var shared = TestData.RequireShared();
        using var photo = Cv2.ImRead(Path.Combine(shared, "lowlight", "LOL-eval15-low", "1.png"));
        Skip.If(photo.Empty(), "LOL-eval15-low/1.png is absent");
        var (map, width, height) = InitialMap(photo);
        var exact = new Lime(new LimeOptions { Solver = LimeSolver.Exact }).RefineIllumination(map, width, height);
        // 600×400 solved on a 0.06 MP copy (scale 1/2).
        var fast = new Lime(new LimeOptions { FastMegapixels = 0.06 }).RefineIllumination(map, width, height);
        double meanAbs = exact.Zip(fast, (e, f) => Math.Abs(e - f)).Average();
        Assert.True(meanAbs < 0.01, $"mean |fast − exact| = {meanAbs}");
    }

    [Fact]
    public void Lime_fast_mode_is_close_to_exact_on_a_synthetic_image()
    {
        using var dark = TestData.DarkColour(240, 160);
        var (map, width, height) = InitialMap(dark);
        var exact = new Lime(new LimeOptions { Solver = LimeSolver.Exact }).RefineIllumination(map, width, height);
        var fast = new Lime(new LimeOptions { FastMegapixels = 0.01 }).RefineIllumination(map, width, height);
        double meanAbs = exact.Zip(fast, (e, f) => Math.Abs(e - f)).Average();
        Assert.True(meanAbs < 0.01, $"mean |fast − exact| = {meanAbs}");
        Assert.NotEqual(exact, fast);
    }

    [Fact]
    public void Lime_brightens_a_dark_image_and_never_darkens_a_pixel()
    {
        using var dark = TestData.DarkColour();
        using var result = EnhancementMethods.Registry.Create("lime").Enhance(dark);
        Assert.True(Cv2.Mean(result).Val0 > Cv2.Mean(dark).Val0 + 40);
        using var darker = new Mat();
        Cv2.Subtract(dark, result, darker);
        Cv2.MinMaxLoc(darker.Reshape(1), out _, out double maxDrop);
        Assert.True(maxDrop <= 1, $"a sample darkened by {maxDrop}");
    }

    [Theory]
    [InlineData(2, 2, false)]
    [InlineData(37, 53, false)]
    [InlineData(53, 37, true)]
    public void Lime_keeps_size_and_type_and_leaves_the_input_alone(int width, int height, bool sixteenBit)
    {
        using var eight = TestData.DarkColour(width, height);
        using var input = new Mat();
        eight.ConvertTo(input, sixteenBit ? MatType.CV_16UC3 : MatType.CV_8UC3, sixteenBit ? 257.0 : 1.0);
        using var copy = input.Clone();
        foreach (var solver in new[] { LimeSolver.Exact, LimeSolver.Fast })
        {
            using var result = new Lime(new LimeOptions { Solver = solver, FastMegapixels = 0.01 }).Enhance(input);
            Assert.Equal(input.Size(), result.Size());
            Assert.Equal(input.Type(), result.Type());
            Assert.True(Cv2.Mean(result).Val2 > Cv2.Mean(input).Val2);
        }
        using var diff = new Mat();
        Cv2.Absdiff(input, copy, diff);
        Assert.Equal(0, Cv2.CountNonZero(diff.Reshape(1)));
    }

    [Fact]
    public void Lime_denoise_smooths_the_amplified_noise_of_dark_regions()
    {
        using var noisy = new Mat(64, 64, MatType.CV_8UC3);
        Cv2.Randn(noisy, new Scalar(20, 20, 20), new Scalar(4, 4, 4));
        using var plain = new Lime(new LimeOptions()).Enhance(noisy);
        using var denoised = new Lime(new LimeOptions { Denoise = true, DenoiseStrength = 15 }).Enhance(noisy);
        Cv2.MeanStdDev(plain, out _, out var plainStd);
        Cv2.MeanStdDev(denoised, out _, out var denoisedStd);
        Assert.True(denoisedStd.Val1 < 0.7 * plainStd.Val1, $"std {plainStd.Val1} -> {denoisedStd.Val1}");
    }
}
