using OpenCvSharp;

namespace Lumos.Methods;

/// <summary>
/// A low-light enhancement method. It sees colour only: the caller (<see cref="Enhancer"/>) splits off
/// alpha and turns grey into colour, so each method handles one case.
/// </summary>
public interface IEnhancementMethod
{
    /// <summary>Enhances a BGR image of type CV_8UC3 or CV_16UC3.</summary>
    /// <param name="bgr">The input; never modified.</param>
    /// <returns>A new image of the same size and type.</returns>
    Mat Enhance(Mat bgr);
}
