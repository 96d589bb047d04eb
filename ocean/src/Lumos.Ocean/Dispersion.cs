namespace Lumos.Ocean;

/// <summary>Linear gravity-wave dispersion ω = √(g k tanh(k h)) (Tessendorf 2001, eq. 14) for a depth h.</summary>
public readonly struct Dispersion
{
    /// <summary>A dispersion relation for gravity <paramref name="gravity"/> (m/s²) and water depth <paramref name="depth"/> (m; infinity for deep water).</summary>
    public Dispersion(double gravity, double depth)
    {
        if (!(gravity > 0)) throw new ArgumentOutOfRangeException(nameof(gravity), "gravity must be positive");
        if (!(depth > 0)) throw new ArgumentOutOfRangeException(nameof(depth), "depth must be positive");
        Gravity = gravity;
        Depth = depth;
    }

    /// <summary>Gravitational acceleration, m/s².</summary>
    public double Gravity { get; }

    /// <summary>Water depth, m (positive infinity for deep water).</summary>
    public double Depth { get; }

    /// <summary>Angular frequency ω(k), rad/s.</summary>
    public double Omega(double k) => k <= 0 ? 0 : Math.Sqrt(Gravity * k * TanhKh(k));

    /// <summary>Group velocity dω/dk, m/s (used to turn a frequency spectrum into a wavenumber spectrum).</summary>
    public double GroupVelocity(double k)
    {
        if (k <= 0) return 0;
        double omega = Omega(k);
        if (double.IsPositiveInfinity(Depth) || k * Depth > 20) return omega / (2 * k);
        double kh = k * Depth;
        return omega / (2 * k) * (1 + 2 * kh / Math.Sinh(2 * kh));
    }

    /// <summary>Wavenumber k for a frequency ω (inverse of <see cref="Omega"/>, Newton's method).</summary>
    public double Wavenumber(double omega)
    {
        if (omega <= 0) return 0;
        double k = omega * omega / Gravity; // deep-water start; finite depth only makes k larger
        for (int i = 0; i < 50; i++)
        {
            double f = Omega(k) - omega, step = f / GroupVelocity(k);
            k -= step;
            if (Math.Abs(step) < 1e-12 * k) break;
        }
        return k;
    }

    private double TanhKh(double k) => double.IsPositiveInfinity(Depth) ? 1 : Math.Tanh(k * Depth);
}
