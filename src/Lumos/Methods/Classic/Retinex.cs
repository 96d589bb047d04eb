using System.Runtime.Intrinsics;
using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Steps shared by the Retinex methods (<c>ssr</c>, <c>msr</c>, <c>msrcr</c>, <c>msrcp</c>).</summary>
internal static class Retinex
{
    /// <summary>
    /// Log-domain spreads below this are float rounding of a flat image, not contrast: one 16-bit level at
    /// mid-grey is 3e-5 in log units, while rounding of a blurred constant stays near 1e-6.
    /// </summary>
    public const double MinSpread = 1e-5;

    /// <summary>
    /// The samples as CV_32F plus one, on the stored scale (0..255 or 0..65535 becomes 1..256 or 1..65536),
    /// so that log never sees zero: the convention of the IPOL implementation (Petro et al. 2014).
    /// </summary>
    public static Mat Shifted(Mat image)
    {
        var shifted = LargeBuffers.New(image.Size(), MatType.CV_32FC(image.Channels()));
        image.ConvertTo(shifted, shifted.Type(), 1, 1);
        return shifted;
    }

    /// <summary>
    /// Multiscale Retinex R = Σₖ wₖ [log I − log(Gσₖ ∗ I)] with equal weights wₖ = 1/K
    /// (Jobson, Rahman &amp; Woodell 1997, eq. 3); one scale gives the single-scale Retinex.
    /// </summary>
    /// <param name="shifted">Positive CV_32F image from <see cref="Shifted"/>, any channel count.</param>
    /// <param name="sigmas">Surround scales in pixels.</param>
    /// <param name="exactBlur">Force the exact Gaussian instead of <see cref="FastGaussian"/>'s fast path.</param>
    /// <param name="destination">Receives R, same size and type; may be <paramref name="shifted"/> itself, since
    /// the surrounds are blurred first and each row of R is stored after its row of I is read.</param>
    /// <param name="rowStep">Runs on each row of R before it is stored, given that row of I and a scratch row,
    /// e.g. for MSRCR's colour restoration, which needs I after R overwrote it.</param>
    public static unsafe void MultiScale(Mat shifted, IReadOnlyList<double> sigmas, bool exactBlur, Mat destination, RowStep? rowStep = null)
    {
        var surrounds = new BlurredRows[sigmas.Count];
        try
        {
            for (int k = 0; k < surrounds.Length; k++) surrounds[k] = FastGaussian.Prepare(shifted, sigmas[k], exactBlur);
            LargeBuffers.Ensure(destination, shifted.Size(), shifted.Type());
            int length = shifted.Cols * shifted.Channels();
            float weight = 1f / surrounds.Length;
            // Row by row, so no full-size copy of any surround is ever made.
            Parallel.For(0, shifted.Rows, () => new float[3 * length], (y, _, buffers) =>
            {
                var image = new ReadOnlySpan<float>((void*)shifted.Ptr(y), length);
                var sum = buffers.AsSpan(0, length);
                var surround = buffers.AsSpan(length, length);
                sum.Clear();
                foreach (var blurred in surrounds)
                {
                    blurred.Row(y, surround);
                    AddLogRatio(image, surround, sum);
                }
                foreach (ref var r in sum) r *= weight;
                rowStep?.Invoke(image, sum, buffers.AsSpan(2 * length, length));
                sum.CopyTo(new Span<float>((void*)destination.Ptr(y), length));
                return buffers;
            }, _ => { });
        }
        finally
        {
            foreach (var s in surrounds) s?.Dispose();
        }
    }

    /// <summary>A step on one row of the Retinex output <paramref name="retinex"/>, given the same row of the input.</summary>
    public delegate void RowStep(ReadOnlySpan<float> image, Span<float> retinex, Span<float> scratch);

    /// <summary>sum += log(numerator / denominator), vectorised (a scalar log per sample costs ~6× more).</summary>
    private static void AddLogRatio(ReadOnlySpan<float> numerator, ReadOnlySpan<float> denominator, Span<float> sum)
    {
        int i = 0;
        for (; i <= sum.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var ratio = Vector256.Create(numerator[i..]) / Vector256.Create(denominator[i..]);
            (Vector256.Create(sum[i..]) + Vector256.Log(ratio)).CopyTo(sum[i..]);
        }
        for (; i < sum.Length; i++) sum[i] += MathF.Log(numerator[i] / denominator[i]);
    }

    /// <summary>values = log(values), vectorised.</summary>
    public static void LogInPlace(Span<float> values)
    {
        int i = 0;
        for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            Vector256.Log(Vector256.Create(values[i..])).CopyTo(values[i..]);
        for (; i < values.Length; i++) values[i] = MathF.Log(values[i]);
    }

    /// <summary>Checks a list of surround scales.</summary>
    /// <exception cref="LumosException">Empty, or a scale out of range.</exception>
    public static void CheckSigmas(double[] sigmas, string owner)
    {
        if (sigmas.Length == 0) throw LumosException.Usage($"{owner}: sigmas must list at least one scale");
        foreach (var s in sigmas)
            if (!(s > 0 && s <= 10000)) throw LumosException.Usage($"{owner}: sigma {s} is out of range (0, 10000]");
    }
}
