namespace Lumos.Measures;

/// <summary>Which planes a full-reference measure compares.</summary>
public enum MeasureChannel
{
    /// <summary>Every colour channel (grey images: their one plane).</summary>
    Rgb,

    /// <summary>
    /// BT.601 luma as MATLAB <c>rgb2ycbcr</c> and BasicSR <c>bgr2ycbcr(y_only=True)</c> compute it for
    /// super-resolution papers: Y = 16 + (65.481 R + 128.553 G + 24.966 B) / 255 on the 8-bit scale, unrounded
    /// (studio range 16–235). A grey pair is compared as it is, as BasicSR does.
    /// </summary>
    Y,
}
