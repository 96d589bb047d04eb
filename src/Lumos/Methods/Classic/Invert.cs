using Lumos.Imaging;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>
/// The negative, out = max − in. Alone it is the first and last step of Dong's method; in a pipeline around
/// <c>dong</c> it turns that low-light method back into the dark-channel dehazing it is built on (see the
/// hazy-outdoor preset).
/// </summary>
[Registered("invert", "negative image: out = max - in", Citation = "Gonzalez & Woods, Digital Image Processing, 4th ed., §3.2.1")]
public sealed class Invert : EnhancementMethod
{
    /// <inheritdoc />
    /// <remarks>0: each pixel on its own (a pipeline of it and an upscaler runs in bands).</remarks>
    public override int? Margin => 0;

    /// <inheritdoc />
    public override void Enhance(Mat bgr, Mat destination)
    {
        // For unsigned samples max − x is the bitwise complement: one pass, no scalar arithmetic.
        LargeBuffers.EnsureOutput(destination, bgr);
        Cv2.BitwiseNot(bgr, destination);
    }
}
