using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Lumos.Imaging;
using Lumos.Nets.Inference;
using Lumos.SuperResolution;
using OpenCvSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Training;

/// <summary>Pixel loss of a super-resolution objective.</summary>
public enum SrLoss
{
    /// <summary>Mean squared error (the loss of SRCNN, FSRCNN, ESPCN, VDSR and SRResNet's MSE variant).</summary>
    Mse,

    /// <summary>Mean absolute error (EDSR onwards).</summary>
    L1,
}

/// <summary>Options of the super-resolution objectives.</summary>
public sealed record SrObjectiveOptions
{
    /// <summary>Upscaling factor the net learns.</summary>
    [Description("upscaling factor"), Range(2, 4)]
    public int Scale { get; init; } = 3;

    /// <summary>Pixel loss.</summary>
    [Description("pixel loss: mse or l1")]
    public SrLoss Loss { get; init; } = SrLoss.Mse;
}

/// <summary>
/// Supervised super-resolution training: each HR crop of the batch is degraded on the fly by
/// <see cref="Degradation"/> (MATLAB bicubic ↓s, the papers' setting) and the net learns to undo it; luma-only
/// nets see and are scored on the MATLAB Y plane, as in their papers. Subclasses name the net.
/// </summary>
public abstract class SrObjective : ITrainingObjective
{
    private readonly Degradation degradation;
    private readonly SrObjectiveOptions options;
    private Random random = new(0);

    /// <summary>Builds the degradation; the subclass builds the net.</summary>
    protected SrObjective(SrObjectiveOptions options)
    {
        this.options = options;
        degradation = new Degradation(new DegradationOptions { Scale = options.Scale });
    }

    /// <inheritdoc />
    public abstract string Arch { get; }

    /// <inheritdoc />
    public abstract object ArchOptions { get; }

    /// <inheritdoc />
    public abstract Module<Tensor, Tensor> Net { get; }

    /// <summary>The scale being learnt.</summary>
    protected int Scale => options.Scale;

    /// <summary>True when the net sees the Y plane only.</summary>
    protected abstract bool LumaOnly { get; }

    /// <summary>True when the net refines a bicubic-upsampled input (SRCNN, VDSR).</summary>
    protected virtual bool UpsampledInput => false;

    /// <inheritdoc />
    public bool AcceptsDarkening => false;

    /// <summary>He-normal convolution weights (He et al. 2015, as FSRCNN and VDSR), zero biases; PReLU slopes keep 0.25.</summary>
    public virtual void Initialise(Generator generator)
    {
        random = new Random((int)(generator.initial_seed() & int.MaxValue));
        using var noGrad = no_grad();
        foreach (var (name, parameter) in Net.named_parameters())
        {
            using var scope = NewDisposeScope();
            if (parameter.dim() == 4)
                parameter.copy_(randn(parameter.shape, generator: generator) * Math.Sqrt(2.0 / (parameter.shape[1] * parameter.shape[2] * parameter.shape[3])));
            else if (name.EndsWith(".bias", StringComparison.Ordinal)) parameter.zero_();
        }
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Losses(Tensor batch)
    {
        var (input, target) = Pairs(batch);
        var output = Net.forward(input);
        var loss = options.Loss == SrLoss.L1 ? functional.l1_loss(output, target) : functional.mse_loss(output, target);
        return new Dictionary<string, Tensor> { [options.Loss == SrLoss.L1 ? "l1" : "mse"] = loss };
    }

    /// <summary>The net's inputs and targets for a batch of HR crops (cropped to a multiple of the scale).</summary>
    private (Tensor Input, Tensor Target) Pairs(Tensor batch)
    {
        using var like = new Mat(1, 1, MatType.CV_8UC3);
        var (inputs, targets) = (new List<Tensor>(), new List<Tensor>());
        for (long i = 0; i < batch.shape[0]; i++)
        {
            using var image = TensorBridge.ToMat(batch[i].unsqueeze(0), like);
            var (hr, lr) = degradation.Pair(image, random);
            using (hr)
            using (lr)
            {
                if (!LumaOnly)
                {
                    inputs.Add(TensorBridge.ToTensor(lr));
                    targets.Add(TensorBridge.ToTensor(hr));
                    continue;
                }
                using var hrY = Luma(hr);
                using var lrY = Luma(lr);
                targets.Add(TensorBridge.FromPlane(hrY));
                if (!UpsampledInput) inputs.Add(TensorBridge.FromPlane(lrY));
                else
                {
                    using var upsampled = MatlabResize.Bicubic(lrY, Scale);
                    inputs.Add(TensorBridge.FromPlane(upsampled));
                }
            }
        }
        return (cat(inputs, 0), cat(targets, 0));
    }

    private static Mat Luma(Mat bgr)
    {
        using var ycc = YCbCr.ToYCbCr(bgr);
        return ycc.ExtractChannel(0);
    }
}
