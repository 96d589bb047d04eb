using Lumos.Imaging;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.SuperResolution;

/// <summary>
/// MATLAB <c>imresize(x, s)</c> bicubic, the baseline row of every super-resolution table (and the input
/// SRCNN and VDSR refine). Works at any integer scale.
/// </summary>
[Registered("bicubic", "MATLAB-compatible bicubic interpolation (the SR baseline)",
    Citation = "Keys 1981, cubic convolution with a = -0.5, as MATLAB imresize")]
public sealed class Bicubic : IUpscaler
{
    /// <inheritdoc />
    public Mat Upscale(Mat bgr, int scale) => MatlabResize.Bicubic(bgr, scale);
}
