namespace Lumos.Nets.Inference;

/// <summary>
/// Peak working memory of one forward pass per pixel of a net's input, in bytes, on each engine: what the tile side
/// under <see cref="NetRunOptions.MaxMemory"/> is chosen from. The two engines differ several-fold: ONNX Runtime
/// convolves in bounded blocks and reuses its arena, while libtorch without oneDNN unfolds each whole layer
/// (im2col) and, with glibc keeping freed blocks as the CLI asks, fragments its heap. Each net's values are
/// <c>Lumos.Bench footprint</c>'s measurements rounded up (bench/README.md, "Tile sizes").
/// </summary>
/// <param name="Onnx">Bytes per input pixel on ONNX Runtime.</param>
/// <param name="Torch">Bytes per input pixel on TorchSharp.</param>
public readonly record struct NetFootprint(double Onnx, double Torch)
{
    /// <summary>The bytes per input pixel on <paramref name="engine"/>.</summary>
    public double On(NetEngine engine) => engine == NetEngine.Torch ? Torch : Onnx;
}
