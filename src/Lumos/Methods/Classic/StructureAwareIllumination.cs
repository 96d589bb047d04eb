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
    /// Conjugate-gradient iterations a video frame gets when it starts from the previous frame's solution
    /// (<see cref="IlluminationCarry"/>), at most: a steady scene is within the tolerance after a few; on a 1080p pan
    /// with film grain 40 iterations leave the map within 1.2·10⁻³ of a full solve (mean 2·10⁻⁴; a full solve takes
    /// about 170).
    /// </summary>
    public const int CarriedIterations = 40;

    /// <summary>
    /// Refines <paramref name="target"/> with <see cref="Problem"/>'s weights. With <paramref name="scale"/> below 1
    /// the problem is built and solved on a copy shrunk by that factor (area averaging) and the map is
    /// upsampled bilinearly: far faster, at the cost of blurring the map's edges by about 1/scale pixels.
    /// </summary>
    /// <remarks>
    /// <paramref name="carry"/>: in a video, the previous frame's solution (<see cref="Processing.IFrameCarry"/>); the
    /// solve starts from it, for at most <paramref name="carriedIterations"/> iterations, and this frame's solution
    /// replaces it. Null solves from t̂.
    /// </remarks>
    public static float[] Refine(float[] target, int width, int height, double scale,
        double alpha, double sigma, double epsilon, double tolerance, int maxIterations, ref object? carry, int carriedIterations = CarriedIterations)
    {
        int coarseWidth = Math.Max(2, (int)Math.Round(width * scale)), coarseHeight = Math.Max(2, (int)Math.Round(height * scale));
        bool full = scale >= 1 || coarseWidth >= width || coarseHeight >= height;
        if (full) (coarseWidth, coarseHeight) = (width, height);
        var coarse = full ? target : Resize(target, width, height, coarseWidth, coarseHeight, InterpolationFlags.Area, null);
        var problem = Problem(coarse, coarseWidth, coarseHeight, alpha, sigma, epsilon);
        var previous = carry as IlluminationCarry;
        var start = previous is not null && previous.Width == coarseWidth && previous.Height == coarseHeight ? previous.Solution : null;
        var solved = problem.Solve(tolerance, start is null ? maxIterations : Math.Min(maxIterations, carriedIterations), start).Illumination;
        var next = new IlluminationCarry(full ? (float[])solved.Clone() : solved, coarseWidth, coarseHeight); // callers may change the map they get
        if (previous is not null) next.Spares.AddRange(previous.Spares);
        carry = next;
        return full ? solved : Resize(solved, coarseWidth, coarseHeight, width, height, InterpolationFlags.Linear, IlluminationCarry.Take(next, width * height));
    }

    /// <summary><see cref="Refine(float[], int, int, double, double, double, double, double, int, ref object?, int)"/> from t̂, as for one image.</summary>
    public static float[] Refine(float[] target, int width, int height, double scale,
        double alpha, double sigma, double epsilon, double tolerance, int maxIterations)
    {
        object? none = null;
        return Refine(target, width, height, scale, alpha, sigma, epsilon, tolerance, maxIterations, ref none);
    }

    private static float[] Resize(float[] map, int width, int height, int newWidth, int newHeight, InterpolationFlags interpolation, float[]? into)
    {
        var result = into ?? GC.AllocateUninitializedArray<float>(newWidth * newHeight);
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

/// <summary>
/// What a video frame's illumination refinement leaves for the next (<see cref="Processing.IFrameCarry"/>): its solution on
/// the solver's grid, the next solve's starting point, and the full-size maps the frame used, for the next frame to fill
/// again: a fresh 8 MB array per map and 1080p frame cost more in page faults than the arithmetic that fills it.
/// </summary>
internal sealed class IlluminationCarry(float[] solution, int width, int height)
{
    // A frame uses two full-size maps (t̂ and the upsampled T); a full-resolution solve returns one more than it takes.
    private const int MaxSpares = 2;

    /// <summary>The solved map, row-major on the solver's grid.</summary>
    public float[] Solution => solution;

    /// <summary>Columns of the solver's grid.</summary>
    public int Width => width;

    /// <summary>Rows of the solver's grid.</summary>
    public int Height => height;

    /// <summary>Maps the previous frame is done with.</summary>
    public List<float[]> Spares { get; } = [];

    /// <summary>A spare of <paramref name="length"/> values from <paramref name="carry"/>, or a new (uninitialised) array.</summary>
    public static float[] Take(object? carry, int length)
    {
        if (carry is IlluminationCarry { Spares: var spares } && spares.FindIndex(a => a.Length == length) is >= 0 and var i)
        {
            var spare = spares[i];
            spares.RemoveAt(i);
            return spare;
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>Hands maps a frame is done with to the next frame (nothing to do outside a video).</summary>
    public static void Return(object? carry, params float[][] maps)
    {
        if (carry is not IlluminationCarry next) return;
        next.Spares.AddRange(maps);
        if (next.Spares.Count > MaxSpares) next.Spares.RemoveRange(0, next.Spares.Count - MaxSpares);
    }
}
