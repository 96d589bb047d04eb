using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>
/// Builds the <see cref="IlluminationProblem"/> LIME and BIMEF solve from an initial map t̂: the structure-aware
/// weights of LIME's strategy III, and the option to solve on a reduced grid.
/// </summary>
internal static class StructureAwareIllumination
{
    /// <summary>
    /// LIME's weighting strategy III (eq. 23) folded into the sped-up reweighted-ℓ2 form of eq. 18:
    /// w_d(x) = α / (|Σ_y G_σ(x,y) ∇_d t̂(y)| · |∇_d t̂(x)| + ε), with G_σ normalised (its window sum, the
    /// numerator of eq. 23, is 1).
    /// </summary>
    /// <remarks>
    /// ε is added once to the product, as public LIME/BIMEF/RTV code does, rather than to each factor as the
    /// paper writes it: (|a| + ε)(|b| + ε) gives flat 8-bit regions weight 1/ε² (10⁶ for ε = 10⁻³), a
    /// condition number CG needs thousands of iterations for, while 1/ε bounds it near 1 + 8α/ε.
    /// </remarks>
    public static IlluminationProblem Problem(float[] target, int width, int height, double alpha, double sigma, double epsilon)
    {
        int n = width * height;
        var gradX = new float[n];
        var gradY = new float[n];
        Parallel.For(0, height, y =>
        {
            int row = y * width;
            for (int x = 0; x < width - 1; x++) gradX[row + x] = target[row + x + 1] - target[row + x];
            if (y < height - 1)
                for (int x = 0; x < width; x++) gradY[row + x] = target[row + width + x] - target[row + x];
        });
        var smoothX = GaussianBlur(gradX, width, height, sigma);
        var smoothY = GaussianBlur(gradY, width, height, sigma);
        var weightX = new float[n];
        var weightY = new float[n];
        float a = (float)alpha, eps = (float)epsilon;
        Parallel.For(0, height, y =>
        {
            int row = y * width;
            for (int x = 0; x < width - 1; x++)
            {
                int i = row + x;
                weightX[i] = a / (MathF.Abs(smoothX[i]) * MathF.Abs(gradX[i]) + eps);
            }
            if (y < height - 1)
                for (int i = row; i < row + width; i++)
                    weightY[i] = a / (MathF.Abs(smoothY[i]) * MathF.Abs(gradY[i]) + eps);
        });
        return new IlluminationProblem(width, height, target, weightX, weightY);
    }

    /// <summary>
    /// Refines <paramref name="target"/> with <see cref="Problem"/>'s weights. With <paramref name="scale"/> below 1
    /// the problem is built and solved on a copy shrunk by that factor (area averaging) and the map is
    /// upsampled bilinearly: far faster, at the cost of blurring the map's edges by about 1/scale pixels.
    /// </summary>
    public static float[] Refine(float[] target, int width, int height, double scale,
        double alpha, double sigma, double epsilon, double tolerance, int maxIterations)
    {
        int coarseWidth = Math.Max(2, (int)Math.Round(width * scale)), coarseHeight = Math.Max(2, (int)Math.Round(height * scale));
        if (scale >= 1 || coarseWidth >= width || coarseHeight >= height)
            return Problem(target, width, height, alpha, sigma, epsilon).Solve(tolerance, maxIterations).Illumination;
        var coarse = Resize(target, width, height, coarseWidth, coarseHeight, InterpolationFlags.Area);
        var solved = Problem(coarse, coarseWidth, coarseHeight, alpha, sigma, epsilon).Solve(tolerance, maxIterations).Illumination;
        return Resize(solved, coarseWidth, coarseHeight, width, height, InterpolationFlags.Linear);
    }

    private static float[] Resize(float[] map, int width, int height, int newWidth, int newHeight, InterpolationFlags interpolation)
    {
        var result = GC.AllocateUninitializedArray<float>(newWidth * newHeight);
        using var source = Mat.FromPixelData(height, width, MatType.CV_32F, map);
        using var target = Mat.FromPixelData(newHeight, newWidth, MatType.CV_32F, result);
        Cv2.Resize(source, target, new Size(newWidth, newHeight), 0, 0, interpolation);
        return result;
    }

    private static float[] GaussianBlur(float[] plane, int width, int height, double sigma)
    {
        var result = new float[plane.Length];
        using var source = Mat.FromPixelData(height, width, MatType.CV_32F, plane);
        using var blurred = Mat.FromPixelData(height, width, MatType.CV_32F, result);
        Cv2.GaussianBlur(source, blurred, new Size(0, 0), sigma, sigma, BorderTypes.Reflect101);
        return result;
    }
}
