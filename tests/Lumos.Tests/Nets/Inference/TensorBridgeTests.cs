using Lumos.Nets.Inference;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Inference;

public sealed class TensorBridgeTests
{
    [Fact]
    public void Eight_bit_images_round_trip_exactly_through_an_rgb_unit_tensor()
    {
        using var scope = NewDisposeScope();
        using var image = Tests.Imaging.ImageIOTests.RandomImage(MatType.CV_8UC3, 53, 37);
        var rgb = TensorBridge.ToTensor(image);
        Assert.Equal([1L, 3, 37, 53], rgb.shape);
        Assert.Equal(ScalarType.Float32, rgb.dtype);
        using var back = TensorBridge.ToMat(rgb, image);
        Assert.Equal(MatType.CV_8UC3, back.Type());
        Assert.Equal(0, Cv2.Norm(image, back, NormTypes.INF));
    }

    [Fact]
    public void Sixteen_bit_images_round_trip_within_one_level()
    {
        using var scope = NewDisposeScope();
        using var image = Tests.Imaging.ImageIOTests.RandomImage(MatType.CV_16UC3, 20, 11);
        using var back = TensorBridge.ToMat(TensorBridge.ToTensor(image), image);
        Assert.Equal(MatType.CV_16UC3, back.Type());
        Assert.True(Cv2.Norm(image, back, NormTypes.INF) <= 1);
    }

    [Fact]
    public void Channels_become_rgb_and_values_unit_range()
    {
        using var scope = NewDisposeScope();
        using var image = new Mat(2, 3, MatType.CV_8UC3, new Scalar(255, 51, 0)); // B, G, R
        var rgb = TensorBridge.ToTensor(image);
        Assert.Equal(0f, rgb[0, 0, 1, 2].item<float>());
        Assert.Equal(0.2f, rgb[0, 1, 1, 2].item<float>(), 6);
        Assert.Equal(1f, rgb[0, 2, 1, 2].item<float>());
        using var clipped = TensorBridge.ToMat(rgb * 2 - 0.5, image);
        Assert.Equal(new Vec3b(255, 0, 0), clipped.At<Vec3b>(1, 2));
    }
}
