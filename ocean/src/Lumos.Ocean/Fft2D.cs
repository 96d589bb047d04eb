using System.Numerics;
using System.Runtime.InteropServices;

namespace Lumos.Ocean;

/// <summary>
/// Decimation-in-time complex FFT of an N×N grid held as split real/imaginary arrays (row-major): radix-4
/// stages (radix-2 stages fused in pairs, one plain radix-2 stage when log2 N is odd). Each 1D pass runs down
/// the columns with whole rows as SIMD lanes (<see cref="Vector{T}"/>), so every butterfly is a vector
/// operation over contiguous memory; the row pass is a transpose, the same column pass and a transpose back.
/// Cost: N²·log2(N) complex butterflies (about 0.4 ms for 256² on one AVX2 core) plus the transposes.
/// </summary>
public sealed class Fft2D
{
    /// <summary>Grids smaller than this run on the calling thread only.</summary>
    public const int MinParallelSize = 256;
    private const int StripBytes = 512 * 1024; // a work item's N rows × block columns × 8 bytes stays in L2
    private readonly float[] twiddleRe, twiddleIm;
    private readonly int[] bitReverse;
    private readonly int maxThreads, columnBlock;

    /// <summary>An FFT for <paramref name="size"/>×<paramref name="size"/> grids (a power of two ≥ 2), using up to <paramref name="maxThreads"/> threads.</summary>
    public Fft2D(int size, int maxThreads = 1)
    {
        if (size < 2 || (size & (size - 1)) != 0) throw new ArgumentException($"FFT size {size} is not a power of two >= 2", nameof(size));
        Size = size;
        this.maxThreads = size < MinParallelSize ? 1 : Math.Max(1, maxThreads); // below this, forking costs more than it saves
        // Wide blocks amortise the per-butterfly overhead; narrower ones fit L2 and feed every thread.
        columnBlock = Math.Max(Math.Min(size, 16), Math.Min(size, StripBytes / (8 * size)));
        if (this.maxThreads > 1) columnBlock = Math.Max(Math.Min(size, 16), Math.Min(columnBlock, size / this.maxThreads));
        twiddleRe = new float[size / 2];
        twiddleIm = new float[size / 2];
        for (int j = 0; j < size / 2; j++)
        {
            double a = 2 * Math.PI * j / size;
            twiddleRe[j] = (float)Math.Cos(a);
            twiddleIm[j] = (float)Math.Sin(a);
        }
        bitReverse = new int[size];
        int bits = BitLength(size);
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
        int n = Size, block = columnBlock, blocks = (n + block - 1) / block;
        if (maxThreads == 1 || blocks == 1)
        {
            for (int b = 0; b < blocks; b++) ColumnBlockPass(re, im, sign, b * block, Math.Min(n, (b + 1) * block));
            return;
        }
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = maxThreads },
            b => ColumnBlockPass(re, im, sign, b * block, Math.Min(n, (b + 1) * block)));
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
        int half = 1;
        if ((BitLength(n) & 1) == 1)
        {
            // An odd number of stages: one radix-2 stage first, the rest fused in pairs.
            for (int start = 0; start < n; start += 2)
            {
                int a = start * n + x0, b = a + n;
                Butterfly(re.AsSpan(a, width), im.AsSpan(a, width), re.AsSpan(b, width), im.AsSpan(b, width), 1, 0);
            }
            half = 2;
        }
        for (; half < n; half <<= 2)
        {
            // Stages `half` and `2·half` fused (radix-4 in DIT form): one pass over the rows instead of two.
            int stride1 = n / (2 * half), stride2 = n / (4 * half);
            for (int start = 0; start < n; start += 4 * half)
            {
                for (int j = 0; j < half; j++)
                {
                    var w = new Twiddles(
                        twiddleRe[j * stride1], sign * twiddleIm[j * stride1],
                        twiddleRe[j * stride2], sign * twiddleIm[j * stride2],
                        twiddleRe[(j + half) * stride2], sign * twiddleIm[(j + half) * stride2]);
                    int r0 = (start + j) * n + x0, r1 = r0 + half * n, r2 = r1 + half * n, r3 = r2 + half * n;
                    Butterfly4(re.AsSpan(r0, width), im.AsSpan(r0, width), re.AsSpan(r1, width), im.AsSpan(r1, width),
                        re.AsSpan(r2, width), im.AsSpan(r2, width), re.AsSpan(r3, width), im.AsSpan(r3, width), w);
                }
            }
        }
    }

    private static int BitLength(int n)
    {
        int bits = 0;
        while ((1 << bits) < n) bits++;
        return bits;
    }

    private readonly record struct Twiddles(float R1, float I1, float R2, float I2, float R3, float I3);

    // x1·w1 into (x0, x1) and x3·w1 into (x2, x3); then b2·w2 into (b0, b2) and b3·w3 into (b1, b3).
    private static void Butterfly4(Span<float> r0, Span<float> i0, Span<float> r1, Span<float> i1,
        Span<float> r2, Span<float> i2, Span<float> r3, Span<float> i3, Twiddles w)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated && r0.Length >= Vector<float>.Count)
        {
            var vr0 = MemoryMarshal.Cast<float, Vector<float>>(r0); var vi0 = MemoryMarshal.Cast<float, Vector<float>>(i0);
            var vr1 = MemoryMarshal.Cast<float, Vector<float>>(r1); var vi1 = MemoryMarshal.Cast<float, Vector<float>>(i1);
            var vr2 = MemoryMarshal.Cast<float, Vector<float>>(r2); var vi2 = MemoryMarshal.Cast<float, Vector<float>>(i2);
            var vr3 = MemoryMarshal.Cast<float, Vector<float>>(r3); var vi3 = MemoryMarshal.Cast<float, Vector<float>>(i3);
            Vector<float> wr1 = new(w.R1), wi1 = new(w.I1), wr2 = new(w.R2), wi2 = new(w.I2), wr3 = new(w.R3), wi3 = new(w.I3);
            for (int v = 0; v < vr0.Length; v++)
            {
                var tr = vr1[v] * wr1 - vi1[v] * wi1;
                var ti = vr1[v] * wi1 + vi1[v] * wr1;
                var b0r = vr0[v] + tr; var b0i = vi0[v] + ti;
                var b1r = vr0[v] - tr; var b1i = vi0[v] - ti;
                tr = vr3[v] * wr1 - vi3[v] * wi1;
                ti = vr3[v] * wi1 + vi3[v] * wr1;
                var b2r = vr2[v] + tr; var b2i = vi2[v] + ti;
                var b3r = vr2[v] - tr; var b3i = vi2[v] - ti;
                var ur = b2r * wr2 - b2i * wi2; var ui = b2r * wi2 + b2i * wr2;
                var qr = b3r * wr3 - b3i * wi3; var qi = b3r * wi3 + b3i * wr3;
                vr0[v] = b0r + ur; vi0[v] = b0i + ui;
                vr2[v] = b0r - ur; vi2[v] = b0i - ui;
                vr1[v] = b1r + qr; vi1[v] = b1i + qi;
                vr3[v] = b1r - qr; vi3[v] = b1i - qi;
            }
            x = vr0.Length * Vector<float>.Count;
        }
        for (; x < r0.Length; x++)
        {
            float tr = r1[x] * w.R1 - i1[x] * w.I1, ti = r1[x] * w.I1 + i1[x] * w.R1;
            float b0r = r0[x] + tr, b0i = i0[x] + ti, b1r = r0[x] - tr, b1i = i0[x] - ti;
            tr = r3[x] * w.R1 - i3[x] * w.I1;
            ti = r3[x] * w.I1 + i3[x] * w.R1;
            float b2r = r2[x] + tr, b2i = i2[x] + ti, b3r = r2[x] - tr, b3i = i2[x] - ti;
            float ur = b2r * w.R2 - b2i * w.I2, ui = b2r * w.I2 + b2i * w.R2;
            float qr = b3r * w.R3 - b3i * w.I3, qi = b3r * w.I3 + b3i * w.R3;
            r0[x] = b0r + ur; i0[x] = b0i + ui;
            r2[x] = b0r - ur; i2[x] = b0i - ui;
            r1[x] = b1r + qr; i1[x] = b1i + qi;
            r3[x] = b1r - qr; i3[x] = b1i - qi;
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
        const int tile = 16;
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
