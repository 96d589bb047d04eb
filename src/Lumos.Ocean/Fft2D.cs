using System.Numerics;
using System.Runtime.InteropServices;

namespace Lumos.Ocean;

/// <summary>
/// Radix-2 decimation-in-time complex FFT of an N×N grid held as split real/imaginary arrays (row-major).
/// Each 1D pass runs down the columns with whole rows as SIMD lanes (<see cref="Vector{T}"/>), so every
/// butterfly is a vector operation over contiguous memory; the row pass is a transpose, the same column
/// pass and a transpose back. Cost: 2·N²·log2(N) butterflies plus two transposes.
/// </summary>
public sealed class Fft2D
{
    private const int ColumnBlock = 64; // columns per work item: N rows × 64 × 8 bytes stays in L2
    private readonly float[] twiddleRe, twiddleIm;
    private readonly int[] bitReverse;
    private readonly int maxThreads;

    /// <summary>An FFT for <paramref name="size"/>×<paramref name="size"/> grids (a power of two ≥ 2), using up to <paramref name="maxThreads"/> threads.</summary>
    public Fft2D(int size, int maxThreads = 1)
    {
        if (size < 2 || (size & (size - 1)) != 0) throw new ArgumentException($"FFT size {size} is not a power of two >= 2", nameof(size));
        Size = size;
        this.maxThreads = Math.Max(1, maxThreads);
        twiddleRe = new float[size / 2];
        twiddleIm = new float[size / 2];
        for (int j = 0; j < size / 2; j++)
        {
            double a = 2 * Math.PI * j / size;
            twiddleRe[j] = (float)Math.Cos(a);
            twiddleIm[j] = (float)Math.Sin(a);
        }
        bitReverse = new int[size];
        int bits = 0;
        while ((1 << bits) < size) bits++;
        for (int i = 0; i < size; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            bitReverse[i] = r;
        }
    }

    /// <summary>Grid side N.</summary>
    public int Size { get; }

    /// <summary>In place: x[n] = Σ_k X[k]·e^{+2πi k·n/N} (no 1/N² scale), i.e. the sum of Fourier modes.</summary>
    public void Inverse(float[] re, float[] im) => Transform(re, im, +1);

    /// <summary>
    /// <see cref="Inverse"/> of a spectrum stored transposed (element [kx·N + kz]) into a field in natural order
    /// ([z·N + x]): the column pass, one transpose and the second column pass, saving two of the four transposes.
    /// </summary>
    public void InverseFromTransposed(float[] re, float[] im)
    {
        Check(re, im);
        ColumnPass(re, im, +1);
        Transpose(re);
        Transpose(im);
        ColumnPass(re, im, +1);
    }

    /// <summary>In place: X[k] = Σ_n x[n]·e^{−2πi k·n/N} (no scale).</summary>
    public void Forward(float[] re, float[] im) => Transform(re, im, -1);

    private void Transform(float[] re, float[] im, int sign)
    {
        Check(re, im);
        ColumnPass(re, im, sign);
        Transpose(re);
        Transpose(im);
        ColumnPass(re, im, sign);
        Transpose(re);
        Transpose(im);
    }

    private void Check(float[] re, float[] im)
    {
        if (re.Length != Size * Size || im.Length != Size * Size) throw new ArgumentException($"expected {Size}x{Size} arrays");
    }

    // One 1D FFT down every column: rows are swapped into bit-reversed order, then log2(N) stages of row butterflies.
    private void ColumnPass(float[] re, float[] im, int sign)
    {
        int n = Size, blocks = (n + ColumnBlock - 1) / ColumnBlock;
        if (maxThreads == 1 || blocks == 1)
        {
            for (int b = 0; b < blocks; b++) ColumnBlockPass(re, im, sign, b * ColumnBlock, Math.Min(n, (b + 1) * ColumnBlock));
            return;
        }
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxThreads },
            b => ColumnBlockPass(re, im, sign, b * ColumnBlock, Math.Min(n, (b + 1) * ColumnBlock)));
    }

    private void ColumnBlockPass(float[] re, float[] im, int sign, int x0, int x1)
    {
        int n = Size, width = x1 - x0;
        for (int i = 0; i < n; i++)
        {
            int r = bitReverse[i];
            if (r <= i) continue;
            for (int x = x0; x < x1; x++)
            {
                int a = i * n + x, b = r * n + x;
                (re[a], re[b]) = (re[b], re[a]);
                (im[a], im[b]) = (im[b], im[a]);
            }
        }
        for (int half = 1; half < n; half <<= 1)
        {
            int stride = n / (2 * half);
            for (int start = 0; start < n; start += 2 * half)
            {
                for (int j = 0; j < half; j++)
                {
                    float wr = twiddleRe[j * stride], wi = sign * twiddleIm[j * stride];
                    int a = (start + j) * n + x0, b = a + half * n;
                    Butterfly(re.AsSpan(a, width), im.AsSpan(a, width), re.AsSpan(b, width), im.AsSpan(b, width), wr, wi);
                }
            }
        }
    }

    private static void Butterfly(Span<float> ar, Span<float> ai, Span<float> br, Span<float> bi, float wr, float wi)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && ar.Length >= Vector<float>.Count)
        {
            var var_ = MemoryMarshal.Cast<float, Vector<float>>(ar);
            var vai = MemoryMarshal.Cast<float, Vector<float>>(ai);
            var vbr = MemoryMarshal.Cast<float, Vector<float>>(br);
            var vbi = MemoryMarshal.Cast<float, Vector<float>>(bi);
            var vwr = new Vector<float>(wr);
            var vwi = new Vector<float>(wi);
            for (int v = 0; v < var_.Length; v++)
            {
                var tr = vbr[v] * vwr - vbi[v] * vwi;
                var ti = vbr[v] * vwi + vbi[v] * vwr;
                vbr[v] = var_[v] - tr;
                vbi[v] = vai[v] - ti;
                var_[v] += tr;
                vai[v] += ti;
            }
            i = var_.Length * Vector<float>.Count;
        }
        for (; i < ar.Length; i++)
        {
            float tr = br[i] * wr - bi[i] * wi, ti = br[i] * wi + bi[i] * wr;
            br[i] = ar[i] - tr;
            bi[i] = ai[i] - ti;
            ar[i] += tr;
            ai[i] += ti;
        }
    }

    // Blocked in-place transpose of a square matrix (32×32 tiles keep both sides in cache).
    private void Transpose(float[] m)
    {
        const int tile = 32;
        int n = Size, tiles = (n + tile - 1) / tile;
        void Row(int ty)
        {
            for (int tx = ty; tx < tiles; tx++)
            {
                int y1 = Math.Min(n, (ty + 1) * tile), x1 = Math.Min(n, (tx + 1) * tile);
                for (int y = ty * tile; y < y1; y++)
                {
                    int xStart = tx == ty ? y + 1 : tx * tile;
                    for (int x = xStart; x < x1; x++)
                    {
                        int a = y * n + x, b = x * n + y;
                        (m[a], m[b]) = (m[b], m[a]);
                    }
                }
            }
        }
        if (maxThreads == 1 || tiles < 4)
        {
            for (int ty = 0; ty < tiles; ty++) Row(ty);
            return;
        }
        Parallel.For(0, tiles, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, Row);
    }
}
