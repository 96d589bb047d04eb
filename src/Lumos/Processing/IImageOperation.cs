using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>
/// One image-to-image step, the unit every Lumos part runs: an enhancement method (scale 1), an upscaler at a
/// scale, a net, an ONNX model or a whole pipeline of them. It sees 8- or 16-bit BGR only; <see cref="ChannelAdapter"/>
/// serves grey and alpha once for all, and <see cref="Processor"/> cuts huge images into bands by its margin.
/// Disposing it releases what it holds (a net's session, a pipeline's steps).
/// </summary>
public interface IImageOperation : IDisposable
{
    /// <summary>Output side over input side (1 for enhancement).</summary>
    int Scale { get; }

    /// <summary>
    /// Input pixels of context a band needs on each side for its output to equal the whole image's (the receptive
    /// radius), or null when every output pixel may depend on the whole image (histograms, global statistics).
    /// </summary>
    int? Margin { get; }

    /// <summary>Processes a BGR image of type CV_8UC3 or CV_16UC3.</summary>
    /// <param name="bgr">The input; never modified.</param>
    /// <returns>A new image of the same type, <see cref="Scale"/> times wider and taller.</returns>
    Mat Apply(Mat bgr);

    /// <summary>
    /// Processes into <paramref name="destination"/>, reallocated only when its size or type differ from the output's,
    /// so a video or batch that passes the same Mat every time reuses one output buffer. Operations that build their
    /// output elsewhere copy it in; an enhancement method writes it directly
    /// (<see cref="Methods.IEnhancementMethod.Enhance(Mat, Mat)"/>).
    /// </summary>
    /// <param name="bgr">The input, CV_8UC3 or CV_16UC3; never modified.</param>
    /// <param name="destination">Receives the output; must not share memory with <paramref name="bgr"/>.</param>
    void Apply(Mat bgr, Mat destination)
    {
        using var result = Apply(bgr);
        result.CopyTo(destination);
    }
}
