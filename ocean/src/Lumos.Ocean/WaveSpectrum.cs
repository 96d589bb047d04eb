namespace Lumos.Ocean;

/// <summary>A directional wave spectrum: variance density of the surface elevation per unit wavevector area.</summary>
public abstract class WaveSpectrum
{
    /// <summary>F(kx, kz) in m⁴ (so Σ F·Δk² over a grid is the height variance in m²), for the given dispersion.</summary>
    public abstract double Density(double kx, double kz, Dispersion dispersion);
}

/// <summary>Options of <see cref="PhillipsSpectrum"/>; defaults give Phillips' k⁻³ saturation range.</summary>
public sealed record PhillipsOptions
{
    /// <summary>Wind speed at 10 m, m/s.</summary>
    public double WindSpeed { get; init; } = 12;

    /// <summary>Direction the wind blows toward, degrees from +X toward +Z.</summary>
    public double Direction { get; init; }

    /// <summary>Amplitude A of P(k) = A·e^{−1/(kL)²}/k⁴·|k̂·ŵ|²; 0.0081/(2π) makes the omnidirectional spectrum α/2·k⁻³ with Phillips' α = 0.0081.</summary>
    public double Amplitude { get; init; } = 0.0081 / (2 * Math.PI);

    /// <summary>Length l of the e^{−k²l²} factor that removes very short waves, m.</summary>
    public double SmallWaveCutoff { get; init; } = 0.01;
}

/// <summary>Phillips spectrum, Tessendorf 2001 eq. 40–41: P(k) = A·exp(−1/(kL)²)/k⁴·|k̂·ŵ|², L = U²/g.</summary>
public sealed class PhillipsSpectrum : WaveSpectrum
{
    private readonly PhillipsOptions options;
    private readonly double windX, windZ;

    /// <summary>A Phillips spectrum with the given options.</summary>
    public PhillipsSpectrum(PhillipsOptions options)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        double a = options.Direction * Math.PI / 180;
        windX = Math.Cos(a);
        windZ = Math.Sin(a);
    }

    /// <inheritdoc />
    public override double Density(double kx, double kz, Dispersion dispersion)
    {
        double k2 = kx * kx + kz * kz;
        if (k2 <= 0) return 0;
        double largest = options.WindSpeed * options.WindSpeed / dispersion.Gravity;
        double cos = (kx * windX + kz * windZ) / Math.Sqrt(k2);
        return options.Amplitude * Math.Exp(-1 / (k2 * largest * largest)) / (k2 * k2) * cos * cos
            * Math.Exp(-k2 * options.SmallWaveCutoff * options.SmallWaveCutoff);
    }
}

/// <summary>Options of <see cref="JonswapSpectrum"/> (Hasselmann et al. 1973).</summary>
public sealed record JonswapOptions
{
    /// <summary>Wind speed at 10 m, m/s.</summary>
    public double WindSpeed { get; init; } = 12;

    /// <summary>Fetch: distance over which the wind has blown, m.</summary>
    public double Fetch { get; init; } = 100_000;

    /// <summary>Direction the waves travel toward, degrees from +X toward +Z.</summary>
    public double Direction { get; init; }

    /// <summary>Exponent s of the cos^{2s}(θ/2) spreading (Longuet-Higgins et al. 1963); larger is narrower.</summary>
    public double Spreading { get; init; } = 10;

    /// <summary>Peak enhancement γ; 3.3 is the JONSWAP mean.</summary>
    public double PeakEnhancement { get; init; } = 3.3;
}

/// <summary>
/// JONSWAP spectrum in its Hs–Tp form (DNV-RP-C205 §3.5.5): S(ω) = α·ωp⁴·ω⁻⁵·exp(−5/4·(ωp/ω)⁴)·γ^r, with α
/// scaled so that 4·√m0 equals the fetch-limited significant wave height, Hs and Tp from the growth laws of
/// the Shore Protection Manual (1984, eq. 3-33/3-34, after Hasselmann et al. 1973):
/// g·Hs/U² = 1.6·10⁻³·(gF/U²)^½ and g·Tp/U = 0.2857·(gF/U²)^⅓, capped at the fully developed sea
/// (0.2433 and 8.134). The classic α = 0.076·(gF/U²)^−0.22 overshoots that Hs by 20–30%, hence the scaling.
/// Directional spreading is the normalised cos^{2s}(θ/2) law; F(k) = S(ω)·D(θ)·(dω/dk)/k.
/// </summary>
public sealed class JonswapSpectrum : WaveSpectrum
{
    private readonly JonswapOptions options;
    private readonly double alpha, spreadNorm, windX, windZ;

    /// <summary>A JONSWAP spectrum with the given options.</summary>
    public JonswapSpectrum(JonswapOptions options, double gravity = 9.81)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        if (!(options.WindSpeed > 0) || !(options.Fetch > 0)) throw new ArgumentException("wind speed and fetch must be positive");
        SignificantWaveHeight = FetchLimitedHeight(options.WindSpeed, options.Fetch, gravity);
        PeakOmega = 2 * Math.PI / FetchLimitedPeriod(options.WindSpeed, options.Fetch, gravity);
        double m0 = Integrate(w => Shape(w), PeakOmega * 0.2, PeakOmega * 40, 40_000);
        alpha = SignificantWaveHeight * SignificantWaveHeight / 16 / m0;
        spreadNorm = 1 / Integrate(t => Math.Pow(Math.Abs(Math.Cos(t / 2)), 2 * options.Spreading), -Math.PI, Math.PI, 7200);
        double a = options.Direction * Math.PI / 180;
        windX = Math.Cos(a);
        windZ = Math.Sin(a);
    }

    /// <summary>The significant wave height Hs = 4√m0 this spectrum integrates to, m.</summary>
    public double SignificantWaveHeight { get; }

    /// <summary>Peak angular frequency ωp, rad/s.</summary>
    public double PeakOmega { get; }

    /// <summary>Fetch-limited significant wave height (SPM 1984 eq. 3-33, capped at the fully developed 0.2433·U²/g), m.</summary>
    public static double FetchLimitedHeight(double windSpeed, double fetch, double gravity = 9.81)
    {
        double u2 = windSpeed * windSpeed, x = gravity * fetch / u2;
        return Math.Min(1.6e-3 * Math.Sqrt(x), 0.2433) * u2 / gravity;
    }

    /// <summary>Fetch-limited peak period (SPM 1984 eq. 3-34, capped at the fully developed 8.134·U/g), s.</summary>
    public static double FetchLimitedPeriod(double windSpeed, double fetch, double gravity = 9.81)
    {
        double x = gravity * fetch / (windSpeed * windSpeed);
        return Math.Min(0.2857 * Math.Pow(x, 1.0 / 3), 8.134) * windSpeed / gravity;
    }

    /// <summary>The frequency spectrum S(ω), m²·s.</summary>
    public double FrequencySpectrum(double omega) => alpha * Shape(omega);

    /// <inheritdoc />
    public override double Density(double kx, double kz, Dispersion dispersion)
    {
        double k = Math.Sqrt(kx * kx + kz * kz);
        if (k <= 0) return 0;
        double omega = dispersion.Omega(k);
        double cosHalf = Math.Sqrt(Math.Max(0, (1 + (kx * windX + kz * windZ) / k) / 2)); // cos(θ/2) from cos θ
        double spread = spreadNorm * Math.Pow(cosHalf, 2 * options.Spreading);
        return FrequencySpectrum(omega) * spread * dispersion.GroupVelocity(k) / k;
    }

    private double Shape(double omega)
    {
        if (omega <= 0) return 0;
        double wp = PeakOmega, sigma = omega <= wp ? 0.07 : 0.09, d = (omega - wp) / (sigma * wp);
        double ratio = wp / omega, r4 = ratio * ratio * ratio * ratio;
        return Math.Pow(wp, 4) * Math.Pow(omega, -5) * Math.Exp(-1.25 * r4) * Math.Pow(options.PeakEnhancement, Math.Exp(-0.5 * d * d));
    }

    private static double Integrate(Func<double, double> f, double a, double b, int steps)
    {
        double h = (b - a) / steps, sum = 0.5 * (f(a) + f(b));
        for (int i = 1; i < steps; i++) sum += f(a + i * h);
        return sum * h;
    }
}
