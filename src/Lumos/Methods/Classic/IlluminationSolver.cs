using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Lumos.Methods.Classic;

/// <summary>The outcome of <see cref="IlluminationProblem.Solve"/>.</summary>
/// <param name="Illumination">The refined map t, row-major.</param>
/// <param name="Iterations">Conjugate-gradient iterations used.</param>
/// <param name="RelativeResidual">‖A t − t̂‖ / ‖t̂‖ at exit (recomputed, not the recursive estimate).</param>
internal readonly record struct IlluminationSolution(float[] Illumination, int Iterations, double RelativeResidual);

/// <summary>
/// Structure-aware illumination refinement shared by LIME and BIMEF: minimises
/// ‖t − t̂‖² + Σ_d Σ_x w_d(x)(∇_d t(x))², whose minimiser solves (I + Σ_d D_dᵀ Diag(w_d) D_d) t = t̂
/// (LIME, Guo et al. 2017, eq. 19). The matrix is a 5-point stencil, applied directly, never stored. The weights
/// come from <see cref="StructureAwareIllumination"/>; this type holds the system and its solver.
/// </summary>
/// <remarks>
/// Weights live on forward differences: <see cref="WeightX"/>[i] couples pixel i with its right neighbour
/// and <see cref="WeightY"/>[i] with the one below; they are zero on the last column / row (Neumann border).
/// </remarks>
internal sealed class IlluminationProblem
{
    /// <summary>Builds a problem from a target map and precomputed forward-difference weights (already scaled by α).</summary>
    public IlluminationProblem(int width, int height, float[] target, float[] weightX, float[] weightY)
    {
        if (target.Length != width * height || weightX.Length != target.Length || weightY.Length != target.Length)
            throw new ArgumentException("target and weights must hold width × height values");
        Width = width;
        Height = height;
        Target = target;
        WeightX = weightX;
        WeightY = weightY;
    }

    /// <summary>Columns of the map.</summary>
    public int Width { get; }

    /// <summary>Rows of the map.</summary>
    public int Height { get; }

    /// <summary>The initial estimate t̂, row-major.</summary>
    public float[] Target { get; }

    /// <summary>α·w_h(x) on the difference to the right neighbour.</summary>
    public float[] WeightX { get; }

    /// <summary>α·w_v(x) on the difference to the neighbour below.</summary>
    public float[] WeightY { get; }

    /// <summary>
    /// Solves A t = t̂ by conjugate gradients with a Jacobi (diagonal) preconditioner until
    /// ‖A t − t̂‖ / ‖t̂‖ ≤ <paramref name="tolerance"/> or <paramref name="maxIterations"/> is reached.
    /// </summary>
    /// <param name="tolerance">Relative residual to reach.</param>
    /// <param name="maxIterations">Iteration cap.</param>
    /// <param name="start">Initial guess (e.g. an upsampled coarse solution); t̂ when null. Not modified.</param>
    public IlluminationSolution Solve(double tolerance, int maxIterations, float[]? start = null)
    {
        int n = Width * Height;
        var x = (float[])(start ?? Target).Clone();
        var r = new float[n];
        var z = new float[n];
        var p = new float[n];
        var q = new float[n];
        var inverseDiagonal = new float[n];
        RowBands.Sum(Height, (y0, y1) =>
        {
            for (int y = y0; y < y1; y++)
                for (int xx = 0, i = y * Width; xx < Width; xx++, i++)
                    inverseDiagonal[i] = 1f / (1f + NeighbourWeightSum(i, xx, y));
            return 0;
        });
        double targetNorm = Math.Sqrt(RowBands.Sum(Height, (y0, y1) => SumOfSquares(Target, y0, y1)));
        if (targetNorm == 0) return new IlluminationSolution(x, 0, 0);
        double threshold = tolerance * targetNorm;

        int iterations = 0;
        while (true)
        {
            // (Re)start from the true residual: float recursion drifts, so convergence is confirmed on it.
            var (rz, rr) = TrueResidual(x, r, z, inverseDiagonal);
            if (Math.Sqrt(rr) <= threshold || iterations >= maxIterations)
                return new IlluminationSolution(x, iterations, Math.Sqrt(rr) / targetNorm);
            float beta = 0;
            while (iterations < maxIterations)
            {
                iterations++;
                // A(z + βp) = Az + β·Ap: p and q = Ap are updated in one sweep.
                float b = beta;
                double pq = RowBands.Sum(Height, (y0, y1) => UpdateDirection(z, p, q, b, y0, y1));
                if (pq <= 0) break;
                float step = (float)(rz / pq);
                (rr, double rzNext) = RowBands.SumPairs(Height, (y0, y1) => UpdateIterate(x, r, z, p, q, inverseDiagonal, step, y0, y1));
                beta = (float)(rzNext / rz);
                rz = rzNext;
                if (Math.Sqrt(rr) <= threshold) break;
            }
        }
    }

    /// <summary>(A v)[i] for the stencil I + Σ_d D_dᵀ Diag(w_d) D_d.</summary>
    public void Multiply(float[] v, float[] result) =>
        RowBands.Sum(Height, (y0, y1) =>
        {
            for (int y = y0; y < y1; y++) StencilRow(v, y, result.AsSpan(y * Width, Width));
            return 0;
        });

    /// <summary>‖A t − t̂‖ / ‖t̂‖.</summary>
    public double RelativeResidual(float[] t)
    {
        var at = new float[t.Length];
        Multiply(t, at);
        double num = 0, den = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double d = at[i] - Target[i];
            num += d * d;
            den += (double)Target[i] * Target[i];
        }
        return den == 0 ? 0 : Math.Sqrt(num / den);
    }

    /// <summary>The energy ‖t − t̂‖² + Σ w_h (∇_h t)² + Σ w_v (∇_v t)² that the solution minimises.</summary>
    public double Objective(float[] t)
    {
        double sum = 0;
        for (int y = 0; y < Height; y++)
            for (int x = 0, i = y * Width; x < Width; x++, i++)
            {
                double d = t[i] - Target[i];
                sum += d * d;
                if (x < Width - 1) sum += WeightX[i] * Square(t[i + 1] - t[i]);
                if (y < Height - 1) sum += WeightY[i] * Square(t[i + Width] - t[i]);
            }
        return sum;
    }

    private static double Square(double v) => v * v;

    private float NeighbourWeightSum(int i, int x, int y)
    {
        float sum = WeightX[i] + WeightY[i];
        if (x > 0) sum += WeightX[i - 1];
        if (y > 0) sum += WeightY[i - Width];
        return sum;
    }

    /// <summary>Writes row <paramref name="y"/> of A v into <paramref name="result"/>; interior rows skip the border tests.</summary>
    private unsafe void StencilRow(float[] v, int y, Span<float> result)
    {
        int width = Width, row = y * width;
        if (y == 0 || y == Height - 1 || width < 3)
        {
            for (int x = 0; x < width; x++) result[x] = Stencil(v, row + x, x, y);
            return;
        }
        result[0] = Stencil(v, row, 0, y);
        result[width - 1] = Stencil(v, row + width - 1, width - 1, y);
        fixed (float* vp = &v[row], wxp = &WeightX[row], wyp = &WeightY[row], wup = &WeightY[row - width], rp = result)
        {
            int x = 1;
            // Eight pixels at a time, the same operations in the same order as the scalar loop: the same bits.
            for (; x <= width - 1 - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                var c = Vector256.Load(vp + x);
                var sum = c + Vector256.Load(wxp + x) * (c - Vector256.Load(vp + x + 1)) + Vector256.Load(wxp + x - 1) * (c - Vector256.Load(vp + x - 1))
                    + Vector256.Load(wyp + x) * (c - Vector256.Load(vp + x + width)) + Vector256.Load(wup + x) * (c - Vector256.Load(vp + x - width));
                sum.Store(rp + x);
            }
            for (; x < width - 1; x++)
            {
                float c = vp[x];
                rp[x] = c + wxp[x] * (c - vp[x + 1]) + wxp[x - 1] * (c - vp[x - 1])
                    + wyp[x] * (c - vp[x + width]) + wup[x] * (c - vp[x - width]);
            }
        }
    }

    private float Stencil(float[] v, int i, int x, int y)
    {
        float vi = v[i];
        float sum = vi;
        if (x < Width - 1) sum += WeightX[i] * (vi - v[i + 1]);
        if (x > 0) sum += WeightX[i - 1] * (vi - v[i - 1]);
        if (y < Height - 1) sum += WeightY[i] * (vi - v[i + Width]);
        if (y > 0) sum += WeightY[i - Width] * (vi - v[i - Width]);
        return sum;
    }

    private (double Rz, double Rr) TrueResidual(float[] x, float[] r, float[] z, float[] inverseDiagonal)
    {
        var (rr, rz) = RowBands.SumPairs(Height, (y0, y1) =>
        {
            double sumRr = 0, sumRz = 0;
            var ax = new float[Width];
            for (int y = y0; y < y1; y++)
            {
                StencilRow(x, y, ax);
                for (int xx = 0, i = y * Width; xx < Width; xx++, i++)
                {
                    float ri = Target[i] - ax[xx];
                    r[i] = ri;
                    z[i] = ri * inverseDiagonal[i];
                    sumRr += (double)ri * ri;
                    sumRz += (double)ri * z[i];
                }
            }
            return (sumRr, sumRz);
        });
        return (rz, rr);
    }

    private double UpdateDirection(float[] z, float[] p, float[] q, float beta, int y0, int y1)
    {
        var sums = Vector256<double>.Zero;
        double pq = 0;
        var az = new float[Width];
        var b = Vector256.Create(beta);
        for (int y = y0; y < y1; y++)
        {
            StencilRow(z, y, az);
            int row = y * Width, x = 0;
            for (; x <= Width - Vector256<float>.Count; x += Vector256<float>.Count)
            {
                int i = row + x;
                var pi = Load(z, i) + b * Load(p, i);
                var qi = Load(az, x) + b * Load(q, i);
                pi.StoreUnsafe(ref p[i]);
                qi.StoreUnsafe(ref q[i]);
                sums += DotWidened(pi, qi);
            }
            for (int i = row + x; x < Width; x++, i++)
            {
                float pi = z[i] + beta * p[i];
                float qi = az[x] + beta * q[i];
                p[i] = pi;
                q[i] = qi;
                pq += (double)pi * qi;
            }
        }
        return pq + Vector256.Sum(sums);
    }

    private static Vector256<float> Load(float[] array, int index) => Vector256.LoadUnsafe(ref array[index]);

    /// <summary>Products of the eight float pairs, in double, summed pairwise into four lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> DotWidened(Vector256<float> a, Vector256<float> b)
    {
        var (aLow, aHigh) = Vector256.Widen(a);
        var (bLow, bHigh) = Vector256.Widen(b);
        return aLow * bLow + aHigh * bHigh;
    }

    private (double Rr, double Rz) UpdateIterate(float[] x, float[] r, float[] z, float[] p, float[] q, float[] inverseDiagonal,
        float step, int y0, int y1)
    {
        double rr = 0, rz = 0;
        var rrSums = Vector256<double>.Zero;
        var rzSums = Vector256<double>.Zero;
        var s = Vector256.Create(step);
        int i = y0 * Width, end = y1 * Width;
        for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            (Load(x, i) + s * Load(p, i)).StoreUnsafe(ref x[i]);
            var ri = Load(r, i) - s * Load(q, i);
            var zi = ri * Load(inverseDiagonal, i);
            ri.StoreUnsafe(ref r[i]);
            zi.StoreUnsafe(ref z[i]);
            rrSums += DotWidened(ri, ri);
            rzSums += DotWidened(ri, zi);
        }
        for (; i < end; i++)
        {
            x[i] += step * p[i];
            float ri = r[i] - step * q[i];
            float zi = ri * inverseDiagonal[i];
            r[i] = ri;
            z[i] = zi;
            rr += (double)ri * ri;
            rz += (double)ri * zi;
        }
        return (rr + Vector256.Sum(rrSums), rz + Vector256.Sum(rzSums));
    }

    private double SumOfSquares(float[] v, int y0, int y1)
    {
        double sum = 0;
        for (int i = y0 * Width; i < y1 * Width; i++) sum += (double)v[i] * v[i];
        return sum;
    }
}
