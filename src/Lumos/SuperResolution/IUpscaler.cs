using OpenCvSharp;

namespace Lumos.SuperResolution;

/// <summary>
/// A single-image super-resolution method. It sees colour only: the caller (<see cref="Upscaler"/>) splits
/// off alpha and turns grey into colour, as <see cref="Methods.Enhancer"/> does for enhancement.
/// </summary>
public interface IUpscaler
{
    /// <summary>Upscales a BGR image of type CV_8UC3 or CV_16UC3.</summary>
    /// <param name="bgr">The input; never modified.</param>
    /// <param name="scale">Integer scale factor (2, 3 or 4 for the published nets).</param>
    /// <returns>A new image of the same type, <paramref name="scale"/> times wider and taller.</returns>
    /// <exception cref="LumosException">The method has no model for this scale.</exception>
    Mat Upscale(Mat bgr, int scale);

    /// <summary>
    /// Input rows of context a band of the image needs on each side for its output to equal the whole image's
    /// (the receptive radius): <see cref="Upscaler"/> cuts huge images into bands with this margin so memory stays
    /// bounded. The default suits MATLAB bicubic's 4-tap kernel.
    /// </summary>
    /// <param name="scale">The scale factor the image is upscaled by.</param>
    int Margin(int scale) => 4;

    /// <summary>
    /// Why this upscaler cannot run at <paramref name="scale"/> (it has no model for it: a fixed-scale net trained
    /// for another, no shipped checkpoint), or null when it can. <see cref="Processing.UpscaleOperation"/> asks when
    /// it is made, so a bad scale is refused before any image is read (and a web job before it is queued).
    /// </summary>
    /// <param name="scale">The scale factor asked for.</param>
    string? RefuseScale(int scale) => null;

    /// <summary>
    /// The scale to run when the caller names none: a fixed-scale model's own, or the one a net fed an upsampled
    /// image was trained for; null leaves it to the caller (2).
    /// </summary>
    int? DefaultScale => null;
}
