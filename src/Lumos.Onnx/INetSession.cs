using Lumos.Imaging;

namespace Lumos.Onnx;

/// <summary>One loaded net, ready to run forward passes on planar images (one tile or a whole image).</summary>
public interface INetSession : IDisposable
{
    /// <summary>Runs the net on a C×H×W image and returns its output.</summary>
    /// <exception cref="LumosException">The engine failed on this input.</exception>
    PlanarImage Run(PlanarImage input);
}
