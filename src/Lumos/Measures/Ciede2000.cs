using Lumos.Imaging;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Measures;

/// <summary>
/// Mean CIEDE2000 colour difference ΔE00 over pixels (kL = kC = kH = 1), with CIELAB computed from sRGB in
/// float64 as skimage.color.rgb2lab does (sRGB curve, its RGB→XYZ matrix, D65 2° white, the 0.008856 / 7.787
/// linear segment), so it matches skimage.color.deltaE_ciede2000. 0 for identical images; about 2.3 is a
/// just-noticeable difference. Grey counts as R = G = B.
/// </summary>
[Registered("ciede2000", "mean CIEDE2000 colour difference (0 when identical)",
    Citation = "Sharma, Wu & Dalal, The CIEDE2000 color-difference formula: implementation notes, Color Res. Appl. 30(1), 2005")]
public sealed class Ciede2000 : IReferenceMeasure
{
    private static readonly double Pow25To7 = Math.Pow(25, 7);

    /// <inheritdoc />
    public MeasureGoal Goal => MeasureGoal.Lower;

    /// <inheritdoc />
    public unsafe double Measure(Mat image, Mat reference)
    {
        MeasureInput.CheckPair(image, reference);
        using var imageBgr = Wide16(image);
        using var referenceBgr = Wide16(reference);
        var linear = SrgbToLinear((int)Pixels.MaxValue(image));
        int rows = image.Rows, cols = image.Cols;
        var rowSums = new double[rows];
        Parallel.For(0, rows, y =>
        {
            ushort* p = (ushort*)imageBgr.Ptr(y), q = (ushort*)referenceBgr.Ptr(y);
            double sum = 0;
            for (int x = 0; x < 3 * cols; x += 3)
                sum += DeltaE(Lab(linear[q[x + 2]], linear[q[x + 1]], linear[q[x]]), Lab(linear[p[x + 2]], linear[p[x + 1]], linear[p[x]]));
            rowSums[y] = sum;
        });
        return rowSums.Sum() / ((double)rows * cols);
    }

    /// <summary>BGR at 16 bits per sample without rescaling, so one pointer type reads both depths.</summary>
    private static Mat Wide16(Mat image)
    {
        using var bgr = MeasureInput.Bgr(image);
        var wide = new Mat();
        bgr.ConvertTo(wide, MatType.CV_16UC3);
        return wide;
    }

    /// <summary>IEC 61966-2-1 sRGB decoding of every stored level 0..max (skimage's 0.04045 threshold).</summary>
    private static double[] SrgbToLinear(int max)
    {
        var table = new double[max + 1];
        for (int i = 0; i <= max; i++)
        {
            double v = i / (double)max;
            table[i] = v > 0.04045 ? Math.Pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
        }
        return table;
    }

    /// <summary>Linear sRGB → CIELAB (D65, 2° observer) with skimage's constants.</summary>
    private static (double L, double A, double B) Lab(double r, double g, double b)
    {
        double fx = F((0.412453 * r + 0.357580 * g + 0.180423 * b) / 0.95047);
        double fy = F(0.212671 * r + 0.715160 * g + 0.072169 * b);
        double fz = F((0.019334 * r + 0.119193 * g + 0.950227 * b) / 1.08883);
        return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz));

        static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : 7.787 * t + 16.0 / 116.0;
    }

    /// <summary>ΔE00 of Sharma, Wu &amp; Dalal (2005), eqs. 1–22, with kL = kC = kH = 1.</summary>
    private static double DeltaE((double L, double A, double B) reference, (double L, double A, double B) sample)
    {
        var (l1, a1, b1) = reference;
        var (l2, a2, b2) = sample;
        double meanC = 0.5 * (Math.Sqrt(a1 * a1 + b1 * b1) + Math.Sqrt(a2 * a2 + b2 * b2));
        double meanC7 = Pow7(meanC);
        double g = 0.5 * (1 - Math.Sqrt(meanC7 / (meanC7 + Pow25To7)));
        double c1 = Math.Sqrt(a1 * a1 * (1 + g) * (1 + g) + b1 * b1), c2 = Math.Sqrt(a2 * a2 * (1 + g) * (1 + g) + b2 * b2);
        double h1 = Hue(a1 * (1 + g), b1), h2 = Hue(a2 * (1 + g), b2);

        double meanL = 0.5 * (l1 + l2);
        double lTerm = (l2 - l1) / (1 + 0.015 * (meanL - 50) * (meanL - 50) / Math.Sqrt(20 + (meanL - 50) * (meanL - 50)));

        double meanCp = 0.5 * (c1 + c2);
        double cTerm = (c2 - c1) / (1 + 0.045 * meanCp);

        double hDiff = h2 - h1, hSum = h1 + h2, cc = c1 * c2;
        double dh = cc == 0 ? 0 : hDiff > Math.PI ? hDiff - 2 * Math.PI : hDiff < -Math.PI ? hDiff + 2 * Math.PI : hDiff;
        double meanH = cc == 0 ? hSum
            : Math.Abs(hDiff) <= Math.PI ? 0.5 * hSum
            : hSum < 2 * Math.PI ? 0.5 * (hSum + 2 * Math.PI) : 0.5 * (hSum - 2 * Math.PI);
        double t = 1 - 0.17 * Math.Cos(meanH - Deg(30)) + 0.24 * Math.Cos(2 * meanH)
            + 0.32 * Math.Cos(3 * meanH + Deg(6)) - 0.20 * Math.Cos(4 * meanH - Deg(63));
        double hTerm = 2 * Math.Sqrt(cc) * Math.Sin(dh / 2) / (1 + 0.015 * meanCp * t);

        double meanCp7 = Pow7(meanCp);
        double rc = 2 * Math.Sqrt(meanCp7 / (meanCp7 + Pow25To7));
        double z = (meanH * (180 / Math.PI) - 275) / 25;
        double dTheta = Deg(30) * Math.Exp(-z * z);
        double rTerm = -Math.Sin(2 * dTheta) * rc * cTerm * hTerm;
        return Math.Sqrt(Math.Max(lTerm * lTerm + cTerm * cTerm + hTerm * hTerm + rTerm, 0));

        static double Hue(double a, double b)
        {
            double h = Math.Atan2(b, a);
            return h < 0 ? h + 2 * Math.PI : h;
        }

        static double Deg(double degrees) => degrees * Math.PI / 180;

        static double Pow7(double x)
        {
            double x2 = x * x;
            return x2 * x2 * x2 * x;
        }
    }
}
