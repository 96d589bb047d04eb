using Lumos.Methods;
using OpenCvSharp;

namespace Lumos.Processing;

/// <summary>An enhancement method as an operation: scale 1, the method's band margin (none for one that uses global statistics).</summary>
/// <param name="method">The method; disposed with the operation when it is disposable.</param>
public sealed class MethodOperation(IEnhancementMethod method) : IImageOperation
{
    /// <summary>The wrapped method.</summary>
    public IEnhancementMethod Method => method;

    /// <inheritdoc />
    public int Scale => 1;

    /// <inheritdoc />
    public int? Margin => method.Margin;

    /// <inheritdoc />
    public Mat Apply(Mat bgr) => method.Enhance(bgr);

    /// <inheritdoc />
    public void Apply(Mat bgr, Mat destination) => method.Enhance(bgr, destination);

    /// <inheritdoc />
    public void Dispose() => (method as IDisposable)?.Dispose();
}
