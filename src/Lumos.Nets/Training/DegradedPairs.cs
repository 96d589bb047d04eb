using Lumos.Imaging;
using Lumos.Nets.Inference;
using Lumos.SuperResolution;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>
/// Super-resolution pairs: each 8-bit crop goes through a documented <see cref="Degradation"/> (blur, downscale,
/// noise, JPEG) straight from the image, so nothing is re-quantised on the way. The input is the LR image (or its
/// MATLAB-bicubic upsampling for nets that refine one), the ground truth the HR crop; luma-only nets get MATLAB Y of
/// both. With several scales each crop draws one, and the pairs are cut to the smallest common size.
/// </summary>
public sealed class DegradedPairs : IPairSource
{
    private readonly Degradation[] degradations;
    private readonly bool lumaOnly, upsampledInput;

    /// <summary>Pairs degraded by one of <paramref name="degradations"/> per crop.</summary>
    /// <param name="degradations">The degradation of each scale trained.</param>
    /// <param name="lumaOnly">Nets on Y only (MATLAB YCbCr).</param>
    /// <param name="upsampledInput">Nets fed the bicubic-upsampled LR image (SRCNN, VDSR).</param>
    /// <exception cref="LumosException">Several scales for a net that does not take an upsampled input.</exception>
    public DegradedPairs(IReadOnlyList<Degradation> degradations, bool lumaOnly, bool upsampledInput)
    {
        if (degradations.Count > 1 && !upsampledInput)
            throw new LumosException("multi-scale training needs a net that refines a bicubic-upsampled input (srcnn, vdsr)");
        this.degradations = [.. degradations];
        this.lumaOnly = lumaOnly;
        this.upsampledInput = upsampledInput;
    }

    /// <inheritdoc />
    public string Description => $"degraded ×{string.Join('/', degradations.Select(d => d.Options.Scale))}{(lumaOnly ? ", Y" : "")}";

    /// <inheritdoc />
    public (Tensor Input, Tensor Truth) Pairs(IReadOnlyList<Mat> crops, Random random)
    {
        var (inputs, truths) = (new List<Tensor>(), new List<Tensor>());
        foreach (var crop in crops)
        {
            var degradation = degradations.Length == 1 ? degradations[0] : degradations[random.Next(degradations.Length)];
            var (hr, lr) = degradation.Pair(crop, random);
            using (hr)
            using (lr)
            {
                if (!lumaOnly)
                {
                    inputs.Add(TensorBridge.ToTensor(lr));
                    truths.Add(TensorBridge.ToTensor(hr));
                    continue;
                }
                using var hrY = Luma(hr);
                using var lrY = Luma(lr);
                truths.Add(TensorBridge.FromPlane(hrY));
                if (!upsampledInput) inputs.Add(TensorBridge.FromPlane(lrY));
                else
                {
                    using var upsampled = MatlabResize.Bicubic(lrY, degradation.Options.Scale);
                    inputs.Add(TensorBridge.FromPlane(upsampled));
                }
            }
        }
        if (degradations.Length == 1) return (cat(inputs, 0), cat(truths, 0));
        long rows = truths.Min(t => t.shape[2]), cols = truths.Min(t => t.shape[3]);
        return (cat(inputs.Select(t => t[.., .., ..(int)rows, ..(int)cols]).ToList(), 0), cat(truths.Select(t => t[.., .., ..(int)rows, ..(int)cols]).ToList(), 0));
    }

    /// <summary>MATLAB Y at the image's depth (rgb2ycbcr's first channel).</summary>
    private static Mat Luma(Mat bgr)
    {
        using var ycc = ColourSpace.MatlabYCbCr(bgr);
        return ycc.ExtractChannel(0);
    }
}
