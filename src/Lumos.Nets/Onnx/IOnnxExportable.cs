using Lumos.Onnx;

namespace Lumos.Nets.Onnx;

/// <summary>
/// An architecture that describes its forward pass as an ONNX graph, once, beside its TorchSharp forward: the
/// exported model runs on ONNX Runtime (CPU or CUDA) and its output equals the TorchSharp one (tested per net).
/// </summary>
public interface IOnnxExportable
{
    /// <summary>Adds the net's nodes to <paramref name="graph"/>, reading weights by their state-dict names.</summary>
    /// <param name="graph">The graph being built; its <see cref="OnnxGraph.Input"/> is the image.</param>
    /// <param name="options">The architecture's options record.</param>
    /// <returns>The value holding the net's output and what the net takes and gives.</returns>
    static abstract (string Output, NetSignature Signature) DescribeOnnx(OnnxGraph graph, object options);
}
