namespace Lumos.Onnx;

/// <summary>One named parameter or buffer of a net: its shape and float32 values (row-major).</summary>
/// <param name="Shape">The tensor's dimensions.</param>
/// <param name="Values">The values; integer buffers (BatchNorm's step counter) are converted.</param>
public sealed record WeightTensor(long[] Shape, float[] Values);
