using OpenCvSharp;

namespace Lumos.Methods;

/// <summary>
/// A low-light enhancement method. It sees colour only: the caller (<see cref="Enhancer"/>) splits off
/// alpha and turns grey into colour, so each method handles one case.
/// </summary>
public interface IEnhancementMethod
{
    /// <summary>Enhances a BGR image of type CV_8UC3 or CV_16UC3.</summary>
    /// <param name="bgr">The input; never modified.</param>
    /// <returns>A new image of the same size and type.</returns>
    Mat Enhance(Mat bgr);

    /// <summary>
    /// Input pixels of context a band needs on each side for its output to equal the whole image's, or null (the
    /// default) when an output pixel may depend on the whole image (histograms, global statistics). A method with a
    /// margin runs in row bands on a large image (<see cref="Processing.Processor.BandPixels"/>), so its working
    /// memory follows the band, not the image.
    /// </summary>
    int? Margin => null;

    /// <summary>
    /// Enhances into <paramref name="destination"/>, which is reallocated only when its size or type differ from the
    /// input's: a caller that passes the same Mat for every frame of a video or image of a batch reuses one output
    /// buffer instead of faulting in a fresh one each time (on a VM about 100 ms for 12 MP, as long as a curve method
    /// itself). Methods that build their output elsewhere (the nets) copy it in; the classic methods write it directly.
    /// </summary>
    /// <param name="bgr">The input, CV_8UC3 or CV_16UC3; never modified.</param>
    /// <param name="destination">Receives the output; must not share memory with <paramref name="bgr"/>.</param>
    void Enhance(Mat bgr, Mat destination)
    {
        using var result = Enhance(bgr);
        result.CopyTo(destination);
    }
}
