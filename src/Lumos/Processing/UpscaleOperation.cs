using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>An upscaler at one scale as an operation, with the upscaler's receptive margin.</summary>
public sealed class UpscaleOperation : IImageOperation
{
    private readonly IUpscaler upscaler;

    /// <summary>Binds <paramref name="upscaler"/> to <paramref name="scale"/>.</summary>
    /// <exception cref="LumosException">The scale is below 1, or the upscaler has no model for it (<see cref="IUpscaler.RefuseScale"/>).</exception>
    public UpscaleOperation(IUpscaler upscaler, int scale)
    {
        if (scale < 1) throw new LumosException($"scale must be at least 1, got {scale}");
        if (upscaler.RefuseScale(scale) is { } refusal) throw LumosException.Usage(refusal);
        this.upscaler = upscaler;
        Scale = scale;
    }

    /// <inheritdoc />
    public int Scale { get; }

    /// <inheritdoc />
    public int? Margin => Math.Max(0, upscaler.Margin(Scale));

    /// <inheritdoc />
    public Mat Apply(Mat bgr) => upscaler.Upscale(bgr, Scale);

    /// <inheritdoc />
    public void Dispose() => (upscaler as IDisposable)?.Dispose();
}
