using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Methods;

/// <summary>
/// A method that writes its output into a destination (<see cref="IEnhancementMethod.Enhance(Mat, Mat)"/>); a fresh
/// output is that with a new, huge-page backed buffer. The classic methods derive from it.
/// </summary>
public abstract class EnhancementMethod : IEnhancementMethod
{
    /// <inheritdoc />
    public Mat Enhance(Mat bgr)
    {
        var destination = LargeBuffers.New(bgr.Size(), bgr.Type());
        try
        {
            Enhance(bgr, destination);
            return destination;
        }
        catch
        {
            destination.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public abstract void Enhance(Mat bgr, Mat destination);

    /// <inheritdoc />
    public virtual int? Margin => null;
}
