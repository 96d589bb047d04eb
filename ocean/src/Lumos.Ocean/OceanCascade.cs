using System.Numerics;
using System.Runtime.InteropServices;

namespace Lumos.Ocean;

/// <summary>
/// One periodic FFT patch: the initial amplitudes h̃0(k) of its wavenumber band and, after <see cref="Update"/>,
/// the real fields of Tessendorf 2001 on its N×N grid (row-major, row = z, node (i, j) at (i, j)·L/N).
/// </summary>
public sealed class OceanCascade
{
    private readonly Fft2D fft;
    private readonly float[] h0Re, h0Im, h0mRe, h0mIm, omega, unitX, unitZ, kLength, cosPhase, sinPhase;
    private readonly int[] mirror;
    private readonly float[][] re, im; // six packed complex spectra; after the inverse FFT each holds two real fields
    private readonly float choppiness, foamThreshold, foamRate, foamDecay;
    private readonly bool velocity;
    private readonly int maxThreads;
    private double lastTime = double.NaN;

    internal OceanCascade(OceanOptions options, int index, double kLow, double kHigh)
    {
        var c = options.Cascades[index];
        if (!(c.PatchSize > 0)) throw new ArgumentException($"cascade {index}: patch size must be positive");
        if (c.Resolution < 16 || c.Resolution % Vector<float>.Count != 0)
            throw new ArgumentException($"cascade {index}: resolution {c.Resolution} must be a power of two >= 16 and a multiple of {Vector<float>.Count}");
        N = c.Resolution;
        PatchSize = c.PatchSize;
        BandLow = kLow;
        BandHigh = kHigh;
        maxThreads = N < Fft2D.MinParallelSize ? 1 : Math.Max(1, options.MaxThreads);
        fft = new Fft2D(N, maxThreads);
        choppiness = options.Choppiness;
        foamThreshold = options.FoamThreshold;
        foamRate = options.FoamRate;
        foamDecay = options.FoamDecay;
        velocity = options.ComputeVelocity;
        int count = N * N;
        h0Re = new float[count]; h0Im = new float[count]; h0mRe = new float[count]; h0mIm = new float[count];
        omega = new float[count]; unitX = new float[count]; unitZ = new float[count]; kLength = new float[count];
        cosPhase = new float[count]; sinPhase = new float[count]; mirror = new int[count];
        re = new float[6][];
        im = new float[6][];
        for (int f = 0; f < 6; f++) { re[f] = new float[count]; im[f] = new float[count]; }
        Jacobian = new float[count];
        Foam = new float[count];
        var dispersion = new Dispersion(options.Gravity, options.Depth);
        double dk = 2 * Math.PI / PatchSize;
        for (int j = 0; j < N; j++)
        {
            for (int i = 0; i < N; i++)
            {
                int at = i * N + j; // spectra are stored transposed (row = x-frequency): see Fft2D.InverseFromTransposed
                double qx = Wave(i) * dk, qz = Wave(j) * dk, k = Math.Sqrt(qx * qx + qz * qz);
                if (k < kLow || k >= kHigh || k == 0 || i == N / 2 || j == N / 2) continue; // Nyquist modes have no partner
                unitX[at] = (float)(qx / k);
                unitZ[at] = (float)(qz / k);
                kLength[at] = (float)k;
                omega[at] = (float)dispersion.Omega(k);
                // E|h̃0|² = F·Δk²/2, so the pair h̃0(k), h̃0(−k) carries variance F·Δk² (Tessendorf eq. 42 with this normalisation).
                double amplitude = Math.Sqrt(options.Spectrum.Density(qx, qz, dispersion) * dk * dk) / 2;
                var (g1, g2) = Gaussians(options.Seed, index, i, j);
                h0Re[at] = (float)(g1 * amplitude);
                h0Im[at] = (float)(g2 * amplitude);
            }
        }
        for (int j = 0; j < N; j++)
        {
            for (int i = 0; i < N; i++)
            {
                int at = i * N + j;
                mirror[at] = ((N - i) % N) * N + (N - j) % N;
                h0mRe[at] = h0Re[mirror[at]];
                h0mIm[at] = -h0Im[mirror[at]];
            }
        }
    }

    /// <summary>Grid side N.</summary>
    public int N { get; }

    /// <summary>Side of the periodic patch, m.</summary>
    public double PatchSize { get; }

    /// <summary>Lowest wavenumber this cascade carries, rad/m.</summary>
    public double BandLow { get; }

    /// <summary>Wavenumbers at or above this belong to the next cascade, rad/m.</summary>
    public double BandHigh { get; }

    /// <summary>Surface height h.</summary>
    public float[] Height => re[0];

    /// <summary>Horizontal displacement λ·Dx.</summary>
    public float[] DisplacementX => im[0];

    /// <summary>Horizontal displacement λ·Dz.</summary>
    public float[] DisplacementZ => re[1];

    /// <summary>Slope ∂h/∂x.</summary>
    public float[] SlopeX => im[1];

    /// <summary>Slope ∂h/∂z.</summary>
    public float[] SlopeZ => re[2];

    /// <summary>λ·∂Dx/∂x.</summary>
    public float[] DxDx => im[2];

    /// <summary>λ·∂Dz/∂z.</summary>
    public float[] DzDz => re[3];

    /// <summary>λ·∂Dx/∂z.</summary>
    public float[] DxDz => im[3];

    /// <summary>∂h/∂t (zero unless <see cref="OceanOptions.ComputeVelocity"/>).</summary>
    public float[] VelocityY => re[4];

    /// <summary>λ·∂Dx/∂t.</summary>
    public float[] VelocityX => im[4];

    /// <summary>λ·∂Dz/∂t.</summary>
    public float[] VelocityZ => re[5];

    /// <summary>Jacobian of the horizontal map x₀ ↦ x₀ + λD of this cascade alone (Tessendorf eq. 45).</summary>
    public float[] Jacobian { get; }

    /// <summary>Foam coverage in [0, 1], accumulated where <see cref="Jacobian"/> is below the threshold and decaying.</summary>
    public float[] Foam { get; }

    /// <summary>Writes h̃(k, t) = h̃0(k)·e^{−iωt} + conj(h̃0(−k))·e^{iωt} (Tessendorf eq. 43, the Hermitian pairing) in FFT order.</summary>
    public void HeightSpectrum(double time, float[] spectrumRe, float[] spectrumIm)
    {
        for (int j = 0; j < N; j++) Phases(j, time);
        for (int j = 0; j < N; j++)
        for (int i = 0; i < N; i++)
        {
            var (a, b) = Evolve(i * N + j);
            spectrumRe[j * N + i] = a;
            spectrumIm[j * N + i] = b;
        }
    }

    /// <summary>Recomputes every field for <paramref name="time"/> s; foam integrates over the time since the last update.</summary>
    public void Update(double time)
    {
        float dt = double.IsNaN(lastTime) ? 0 : (float)Math.Max(0, time - lastTime);
        lastTime = time;
        ForRows(j => Phases(j, time));
        ForRows(BuildRow);
        int transforms = velocity ? 6 : 4;
        for (int f = 0; f < transforms; f++) fft.InverseFromTransposed(re[f], im[f]);
        float decay = foamDecay > 0 ? (float)Math.Exp(-dt / foamDecay) : 0;
        ForRows(j =>
        {
            for (int at = j * N; at < (j + 1) * N; at++)
            {
                float dxx = DxDx[at], dzz = DzDz[at], dxz = DxDz[at];
                float jac = (1 + dxx) * (1 + dzz) - dxz * dxz;
                Jacobian[at] = jac;
                float foam = Foam[at] * decay + dt * foamRate * Math.Max(0, foamThreshold - jac);
                Foam[at] = Math.Min(1, foam);
            }
        });
    }

    // e^{iωt} once per ±k pair (both share ω); modes outside the band (ω = 0) keep the zero phase.
    private void Phases(int j, double time)
    {
        for (int at = j * N; at < (j + 1) * N; at++)
        {
            int m = mirror[at];
            if (m < at || omega[at] == 0) continue;
            var (s, c) = SinCos(omega[at] * time);
            cosPhase[at] = cosPhase[m] = c;
            sinPhase[at] = sinPhase[m] = s;
        }
    }

    private (float a, float b) Evolve(int at)
    {
        float c = cosPhase[at], s = sinPhase[at];
        float pr = h0Re[at] * c + h0Im[at] * s, pi = h0Im[at] * c - h0Re[at] * s;
        float qr = h0mRe[at] * c - h0mIm[at] * s, qi = h0mIm[at] * c + h0mRe[at] * s;
        return (pr + qr, pi + qi);
    }

    // sin and cos of a phase: quadrant reduction in double (phases grow with time), then degree-7/8 polynomials on
    // [−π/4, π/4] (error < 2·10⁻⁷), several times cheaper than two library calls.
    private static (float Sin, float Cos) SinCos(double phase)
    {
        double q = Math.Round(phase * (2 / Math.PI));
        float r = (float)(phase - q * (Math.PI / 2)), r2 = r * r;
        float sin = r * (1 + r2 * (-1f / 6 + r2 * (1f / 120 + r2 * (-1f / 5040))));
        float cos = 1 + r2 * (-0.5f + r2 * (1f / 24 + r2 * (-1f / 720 + r2 * (1f / 40320))));
        return ((long)q & 3) switch
        {
            0 => (sin, cos),
            1 => (cos, -sin),
            2 => (-sin, -cos),
            _ => (-cos, sin),
        };
    }

    // Fields: h = h̃; λDx = iλ(kx/k)h̃; ∂h/∂x = i·kx·h̃; λ∂Dx/∂x = −λ(kx²/k)h̃ (this sign of D sharpens crests).
    // Two real fields A, B share one transform as A + iB (Re = Ar − Bi, Im = Ai + Br), expanded by hand below.
    // Pure element-wise SIMD: modes outside the band have zero amplitudes and come out zero without a branch.
    private void BuildRow(int j)
    {
        int start = j * N;
        Span<Vector<float>> V(float[] a) => MemoryMarshal.Cast<float, Vector<float>>(a.AsSpan(start, N));
        var r0 = V(re[0]); var i0 = V(im[0]); var r1 = V(re[1]); var i1 = V(im[1]);
        var r2 = V(re[2]); var i2 = V(im[2]); var r3 = V(re[3]); var i3 = V(im[3]);
        var r4 = V(re[4]); var i4 = V(im[4]); var r5 = V(re[5]); var i5 = V(im[5]);
        var cv = V(cosPhase); var sv = V(sinPhase); var hrv = V(h0Re); var hiv = V(h0Im); var mrv = V(h0mRe); var miv = V(h0mIm);
        var uxv = V(unitX); var uzv = V(unitZ); var kv = V(kLength); var wv = V(omega);
        var l = new Vector<float>(choppiness);
        for (int i = 0; i < r0.Length; i++)
        {
            Vector<float> c = cv[i], s = sv[i], hr = hrv[i], hi = hiv[i], mr = mrv[i], mi = miv[i];
            // h̃ = p + q with p = h̃0·e^{−iωt}, q = conj(h̃0(−k))·e^{iωt} (Tessendorf eq. 43).
            var pr = hr * c + hi * s; var pi = hi * c - hr * s; var qr = mr * c - mi * s; var qi = mi * c + mr * s;
            var a = pr + qr; var b = pi + qi;
            Vector<float> ux = uxv[i], uz = uzv[i], k = kv[i];
            var lx = l * ux; var lz = l * uz; var kx = ux * k; var kz = uz * k;
            var fxx = -lx * ux * k; var fzz = -lz * uz * k; var fxz = -lx * uz * k;
            r0[i] = a - lx * a;           i0[i] = b - lx * b;           // h + i·λDx
            r1[i] = -lz * b - kx * a;     i1[i] = lz * a - kx * b;      // λDz + i·∂h/∂x
            r2[i] = -kz * b - fxx * b;    i2[i] = kz * a + fxx * a;     // ∂h/∂z + i·λ∂Dx/∂x
            r3[i] = fzz * a - fxz * b;    i3[i] = fzz * b + fxz * a;    // λ∂Dz/∂z + i·λ∂Dx/∂z
            if (!velocity) continue;
            var va = wv[i] * (pi - qi); var vb = -wv[i] * (pr - qr);     // ∂h̃/∂t = −iω(p − q)
            r4[i] = va - lx * va;         i4[i] = vb - lx * vb;         // ∂h/∂t + i·λ∂Dx/∂t
            r5[i] = -lz * vb;             i5[i] = lz * va;              // λ∂Dz/∂t
        }
    }

    private void ForRows(Action<int> row)
    {
        if (maxThreads == 1) { for (int j = 0; j < N; j++) row(j); return; }
        Parallel.For(0, N, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, row);
    }

    private int Wave(int i) => i < N / 2 ? i : i - N;

    // Two independent standard normals from a hash of (seed, cascade, i, j): deterministic and order-free.
    private static (double, double) Gaussians(int seed, int cascade, int i, int j)
    {
        ulong state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)cascade << 48 ^ (ulong)(uint)j << 24 ^ (uint)i;
        double u1 = (SplitMix(ref state) >> 11) * (1.0 / (1UL << 53)), u2 = (SplitMix(ref state) >> 11) * (1.0 / (1UL << 53));
        double r = Math.Sqrt(-2 * Math.Log(1 - u1)), t = 2 * Math.PI * u2;
        return (r * Math.Cos(t), r * Math.Sin(t));
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
