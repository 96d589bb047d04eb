using Lumos.Imaging;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Methods.Classic;

/// <summary>Returns the input unchanged: the baseline row of an evaluation (what the input itself scores).</summary>
[Registered("identity", "the input unchanged (evaluation baseline)", Citation = "baseline: no enhancement")]
public sealed class Identity : EnhancementMethod
{
    /// <inheritdoc />
    /// <remarks>0: each pixel on its own (a pipeline of it and an upscaler runs in bands).</remarks>
    public override int? Margin => 0;

    /// <inheritdoc />
    public override void Enhance(Mat bgr, Mat destination)
    {
        LargeBuffers.EnsureOutput(destination, bgr);
        bgr.CopyTo(destination);
    }
}
