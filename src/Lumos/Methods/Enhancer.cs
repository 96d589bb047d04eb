using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Methods;

/// <summary>
/// Runs an <see cref="IEnhancementMethod"/> on any image Lumos reads: grey, colour or colour+alpha,
/// 8 or 16 bits, through the one <see cref="ChannelAdapter"/>. Alpha passes through untouched and the output has the
/// input's channels and depth.
/// </summary>
public static class Enhancer
{
    /// <summary>Enhances <paramref name="image"/> with <paramref name="method"/> (which stays the caller's to dispose).</summary>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle.</exception>
    public static Mat Apply(IEnhancementMethod method, Mat image) => Processor.Apply(new MethodOperation(method), image);

    /// <summary>
    /// Enhances <paramref name="image"/> into <paramref name="destination"/>, reallocated only when its size or type
    /// differ: pass the same Mat for every image of a batch or frame of a video.
    /// </summary>
    /// <exception cref="LumosException">The image has a layout Lumos does not handle.</exception>
    public static void Apply(IEnhancementMethod method, Mat image, Mat destination) =>
        Processor.Apply(new MethodOperation(method), image, destination);
}
