namespace Lumos.Measures;

/// <summary>
/// Moment-matching fit of an asymmetric generalized Gaussian distribution (AGGD), as in the LIVE natural-scene
/// statistics models (BRISQUE, NIQE): Lasmar, Stitou, Berthoumieu, "Multiscale skewed heavy tailed model for
/// texture analysis", ICIP 2009, following estimateaggdparam.m of the official NIQE release.
/// </summary>
internal static class GeneralizedGaussian
{
    /// <summary>The shape grid 0.2:0.001:10 that the official code searches.</summary>
    private const double ShapeStart = 0.2, ShapeStep = 0.001;
    private const int ShapeCount = 9801;

    // Declared before Ratio: static fields initialise in source order.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ρ(α) = Γ(2/α)² / (Γ(1/α) Γ(3/α)) on the grid; strictly increasing in α.</summary>
    private static readonly double[] Ratio = BuildRatio();

    /// <summary>Shape α and the left and right scales βl, βr of an AGGD fitted to <paramref name="values"/>; NaN scales when a side is empty.</summary>
    public static (double Shape, double Left, double Right) FitAsymmetric(ReadOnlySpan<double> values)
    {
        double leftSq = 0, rightSq = 0, sumAbs = 0;
        int leftCount = 0, rightCount = 0;
        foreach (double v in values)
        {
            if (v < 0) { leftSq += v * v; leftCount++; sumAbs -= v; }
            else if (v > 0) { rightSq += v * v; rightCount++; sumAbs += v; }
        }
        int n = values.Length;
        double leftStd = Math.Sqrt(leftSq / leftCount), rightStd = Math.Sqrt(rightSq / rightCount);
        double g = leftStd / rightStd;
        double meanAbs = sumAbs / n;
        double rHat = meanAbs * meanAbs / ((leftSq + rightSq) / n);
        double rHatNorm = rHat * (g * g * g + 1) * (g + 1) / ((g * g + 1) * (g * g + 1));
        double shape = ShapeStart + ShapeStep * NearestRatio(rHatNorm);
        double s = Math.Sqrt(Gamma(1 / shape) / Gamma(3 / shape));
        return (shape, leftStd * s, rightStd * s);
    }

    /// <summary>
    /// Index minimising (ρ − target)², first on ties, like MATLAB's min; 0 for NaN, as MATLAB's min of an all-NaN vector.
    /// ρ increases, so the minimiser is one of the two grid values around the target.
    /// </summary>
    private static int NearestRatio(double target)
    {
        if (double.IsNaN(target)) return 0;
        int hi = Array.BinarySearch(Ratio, target);
        if (hi >= 0) return hi;
        hi = ~hi;
        if (hi == 0) return 0;
        if (hi == ShapeCount) return ShapeCount - 1;
        double below = Ratio[hi - 1] - target, above = Ratio[hi] - target;
        return below * below <= above * above ? hi - 1 : hi;
    }

    private static double[] BuildRatio()
    {
        var ratio = new double[ShapeCount];
        for (int i = 0; i < ShapeCount; i++)
        {
            double a = ShapeStart + ShapeStep * i;
            double g2 = Gamma(2 / a);
            ratio[i] = g2 * g2 / (Gamma(1 / a) * Gamma(3 / a));
        }
        return ratio;
    }

    /// <summary>Γ(x) for real x by the Lanczos approximation (g = 7, 9 terms; ~1e-15 relative), with reflection below ½.</summary>
    public static double Gamma(double x)
    {
        if (x < 0.5) return Math.PI / (Math.Sin(Math.PI * x) * Gamma(1 - x));
        x -= 1;
        double a = Lanczos[0], t = x + 7.5;
        for (int i = 1; i < Lanczos.Length; i++) a += Lanczos[i] / (x + i);
        return Math.Sqrt(2 * Math.PI) * Math.Pow(t, x + 0.5) * Math.Exp(-t) * a;
    }
}
