using System.Numerics;

namespace Lumos.Ocean;

/// <summary>
/// An FFT ocean (Tessendorf 2001) made of several cascades. Call <see cref="Update"/> from one thread; between
/// updates, the sampling methods are read-only and safe to call from any number of threads.
/// </summary>
public sealed class Ocean : IWaterSurface
{
    private const int MaxInversionSteps = 12;
    private const float InversionTolerance = 1e-4f; // m, horizontal residual of x₀ + D(x₀) = p
    private readonly OceanCascade[] cascades;

    /// <summary>An ocean with the given options (the initial spectrum is drawn here; call <see cref="Update"/> before sampling).</summary>
    public Ocean(OceanOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.Cascades.Count == 0) throw new ArgumentException("an ocean needs at least one cascade");
        var order = Enumerable.Range(0, options.Cascades.Count).OrderByDescending(c => options.Cascades[c].PatchSize).ToArray();
        cascades = new OceanCascade[order.Length];
        double low = 0;
        for (int n = 0; n < order.Length; n++)
        {
            var c = options.Cascades[order[n]];
            double nyquist = Math.PI * c.Resolution / c.PatchSize, high = nyquist;
            if (n + 1 < order.Length)
            {
                // Split bands at the geometric mean of this Nyquist and the next patch's fundamental.
                double next = 2 * Math.PI / options.Cascades[order[n + 1]].PatchSize;
                if (next >= nyquist) throw new ArgumentException($"cascade {order[n + 1]}'s fundamental is above cascade {order[n]}'s Nyquist: patch sizes too close for their resolution");
                high = Math.Sqrt(nyquist * next);
            }
            cascades[n] = new OceanCascade(options, order[n], low, high);
            low = high;
        }
    }

    /// <summary>The options this ocean was built with.</summary>
    public OceanOptions Options { get; }

    /// <summary>Cascades from the largest patch to the smallest.</summary>
    public IReadOnlyList<OceanCascade> Cascades => cascades;

    /// <summary>Simulation time of the last <see cref="Update"/>, s.</summary>
    public double Time { get; private set; }

    /// <summary>Recomputes the surface for <paramref name="time"/> seconds (foam integrates over the time since the last call).</summary>
    public void Update(double time)
    {
        // Cascades are independent: with threads, run them side by side (each may fork further inside).
        if (Options.MaxThreads > 1 && cascades.Length > 1)
            Parallel.For(0, cascades.Length, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxThreads }, c => cascades[c].Update(time));
        else
            foreach (var c in cascades) c.Update(time);
        Time = time;
    }

    /// <summary>Displacement (λDx, h, λDz) of the surface point that rests at <paramref name="undisplaced"/> (x₀, z₀) — no inversion.</summary>
    public void SampleDisplacement(ReadOnlySpan<Vector2> undisplaced, Span<Vector3> displacement)
    {
        Check(undisplaced.Length, displacement.Length);
        for (int i = 0; i < undisplaced.Length; i++)
        {
            var f = Fields(undisplaced[i], 0, full: false);
            displacement[i] = new Vector3(f.Dx, f.H, f.Dz);
        }
    }

    /// <summary>Surface height above world points (x, z), m.</summary>
    public void SampleHeight(ReadOnlySpan<Vector2> points, Span<float> heights, float minWavelength = 0)
    {
        Check(points.Length, heights.Length);
        for (int i = 0; i < points.Length; i++) heights[i] = Invert(points[i], minWavelength, full: false).H;
    }

    /// <summary>Unit surface normals above world points (x, z).</summary>
    public void SampleNormal(ReadOnlySpan<Vector2> points, Span<Vector3> normals, float minWavelength = 0)
    {
        Check(points.Length, normals.Length);
        for (int i = 0; i < points.Length; i++) normals[i] = Invert(points[i], minWavelength).Normal();
    }

    /// <summary>Velocities of the surface water above world points (x, z), m/s.</summary>
    public void SampleVelocity(ReadOnlySpan<Vector2> points, Span<Vector3> velocities, float minWavelength = 0)
    {
        Check(points.Length, velocities.Length);
        for (int i = 0; i < points.Length; i++)
        {
            var f = Invert(points[i], minWavelength);
            velocities[i] = new Vector3(f.Vx, f.Vy, f.Vz);
        }
    }

    /// <inheritdoc />
    public void Sample(ReadOnlySpan<Vector2> points, Span<WaterSample> samples, float minWavelength = 0)
    {
        Check(points.Length, samples.Length);
        for (int i = 0; i < points.Length; i++)
        {
            var f = Invert(points[i], minWavelength);
            samples[i] = new WaterSample(f.H, f.Normal(), new Vector3(f.Vx, f.Vy, f.Vz), Math.Min(1, f.Foam));
        }
    }

    // Finds x₀ with x₀ + D(x₀) = p. The fixed-point step x₀ ← p − D(x₀) is preconditioned with the inverse
    // Jacobian of the map (already at hand from the derivative fields): Newton's method, quadratic near the root.
    private SurfaceFields Invert(Vector2 p, float minWavelength, bool full = true)
    {
        var x0 = p;
        var f = Fields(x0, minWavelength, full: false);
        for (int step = 0; step < MaxInversionSteps; step++)
        {
            float rx = x0.X + f.Dx - p.X, rz = x0.Y + f.Dz - p.Y;
            if (rx * rx + rz * rz < InversionTolerance * InversionTolerance) break;
            float a = 1 + f.Dxx, b = f.Dxz, d = 1 + f.Dzz, det = a * d - b * b;
            x0 = det > 0.1f
                ? new Vector2(x0.X - (d * rx - b * rz) / det, x0.Y - (a * rz - b * rx) / det)
                : new Vector2(x0.X - rx, x0.Y - rz); // folded crest: plain fixed-point step
            f = Fields(x0, minWavelength, full: false);
        }
        return full ? Fields(x0, minWavelength, full: true) : f;
    }

    // full: false evaluates only what the inversion needs (h, D and its derivatives).
    private SurfaceFields Fields(Vector2 x0, float minWavelength, bool full)
    {
        var sum = default(SurfaceFields);
        foreach (var c in cascades)
        {
            // A cascade whose longest wave is shorter than the filter adds nothing an object of that size feels.
            if (minWavelength > 0 && c.BandLow > 0 && 2 * Math.PI / c.BandLow < minWavelength) continue;
            double u = x0.X / c.PatchSize * c.N, v = x0.Y / c.PatchSize * c.N;
            double fu = Math.Floor(u), fv = Math.Floor(v);
            float tx = (float)(u - fu), tz = (float)(v - fv);
            int n = c.N, i0 = Wrap((long)fu, n), j0 = Wrap((long)fv, n), i1 = (i0 + 1) & (n - 1), j1 = (j0 + 1) & (n - 1);
            int a = j0 * n + i0, b = j0 * n + i1, cc = j1 * n + i0, d = j1 * n + i1;
            float wa = (1 - tx) * (1 - tz), wb = tx * (1 - tz), wc = (1 - tx) * tz, wd = tx * tz;
            float L(float[] g) => wa * g[a] + wb * g[b] + wc * g[cc] + wd * g[d];
            sum.H += L(c.Height);
            sum.Dx += L(c.DisplacementX);
            sum.Dz += L(c.DisplacementZ);
            sum.Dxx += L(c.DxDx);
            sum.Dzz += L(c.DzDz);
            sum.Dxz += L(c.DxDz);
            if (!full) continue;
            sum.Sx += L(c.SlopeX);
            sum.Sz += L(c.SlopeZ);
            sum.Vx += L(c.VelocityX);
            sum.Vy += L(c.VelocityY);
            sum.Vz += L(c.VelocityZ);
            sum.Foam += L(c.Foam);
        }
        return sum;
    }

    private static int Wrap(long i, int n) => (int)(((i % n) + n) % n);

    private static void Check(int inputs, int outputs)
    {
        if (outputs < inputs) throw new ArgumentException($"output span holds {outputs} values for {inputs} points");
    }

    private struct SurfaceFields
    {
        public float H, Dx, Dz, Sx, Sz, Dxx, Dzz, Dxz, Vx, Vy, Vz, Foam;

        // Normal of the displaced surface P(x₀) = (x₀ + Dx, h, z₀ + Dz): ∂P/∂z₀ × ∂P/∂x₀.
        public readonly Vector3 Normal()
        {
            var n = new Vector3(Sz * Dxz - (1 + Dzz) * Sx, (1 + Dxx) * (1 + Dzz) - Dxz * Dxz, Dxz * Sx - Sz * (1 + Dxx));
            if (n.Y < 1e-3f) n = new Vector3(-Sx, 1, -Sz); // folded: fall back to the height-field normal
            return Vector3.Normalize(n);
        }
    }
}
