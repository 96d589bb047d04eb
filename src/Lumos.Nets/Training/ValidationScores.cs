using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>Validation measures on tensors, for <see cref="ITrainingObjective.Score"/>.</summary>
public static class ValidationScores
{
    /// <summary>
    /// Mean over the batch of each image's PSNR in dB (peak 1), <paramref name="border"/> pixels cropped from each side (the
    /// SR protocol crops the scale); with <paramref name="quantise"/> both are first clamped to [0, 1] and rounded to 8 bits, as
    /// saved images are.
    /// </summary>
    public static double Psnr(Tensor output, Tensor truth, int border, bool quantise = true)
    {
        using var scope = NewDisposeScope();
        var o = quantise ? EightBit(output) : output.detach().to_type(ScalarType.Float64);
        var t = quantise ? EightBit(truth) : truth.detach().to_type(ScalarType.Float64);
        if (border > 0)
        {
            long rows = o.shape[2] - 2 * border, cols = o.shape[3] - 2 * border;
            if (rows > 0 && cols > 0) (o, t) = (o.narrow(2, border, rows).narrow(3, border, cols), t.narrow(2, border, rows).narrow(3, border, cols));
        }
        var mse = (o - t).square().mean([1, 2, 3]).clamp_min(1e-12);
        return (-10 * mse.log10()).mean().item<double>();
    }

    /// <summary><paramref name="x"/> in float64, clamped to [0, 1] and rounded to multiples of 1/255 (what saving it as 8 bits keeps).</summary>
    public static Tensor EightBit(Tensor x) => x.detach().to_type(ScalarType.Float64).clamp(0, 1).mul(255).round().div(255);

    /// <summary>MATLAB's rgb2ycbcr luma of an NCHW RGB batch in [0, 1] (ITU-R BT.601, studio range), as the SR papers score.</summary>
    public static Tensor MatlabLuma(Tensor rgb) =>
        (rgb[.., 0..1] * 65.481 + rgb[.., 1..2] * 128.553 + rgb[.., 2..3] * 24.966 + 16) / 255;
}
