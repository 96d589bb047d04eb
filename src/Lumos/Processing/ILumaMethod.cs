namespace Lumos.Processing;

/// <summary>
/// A method that, as configured, maps luma to luma and keeps chroma (a tone curve, histogram equalization or CLAHE on
/// Y). Such a method takes a grey plane as the luma of a colour image: <see cref="ChannelAdapter"/> hands grey images
/// to it directly instead of through colour and back (the same result: grey is BGR with R = G = B, whose Y is the grey
/// level and whose chroma is neutral), and a video can process its Y plane alone and keep its chroma planes.
/// </summary>
public interface ILumaMethod
{
    /// <summary>True when the method's options make it act on Y alone (e.g. <c>channel=y</c>).</summary>
    bool ActsOnLumaOnly { get; }
}
