using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Tests.Imaging;

public sealed class ColourSpaceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MatlabYCbCr_round_trip_matches_matlab_and_returns_the_image(bool sixteen)
    {
        using var image = new Mat(9, 11, sixteen ? MatType.CV_16UC3 : MatType.CV_8UC3);
        double max = sixteen ? 65535 : 255;
        Cv2.Randu(image, Scalar.All(0), Scalar.All(max));
        using var ycc = ColourSpace.MatlabYCbCr(image);
        using var wide = new Mat();
        image.ConvertTo(wide, MatType.CV_64FC3, 1 / max);
        var (b, g, r) = (wide.At<Vec3d>(4, 5).Item0, wide.At<Vec3d>(4, 5).Item1, wide.At<Vec3d>(4, 5).Item2);
        var y = ycc.At<Vec3f>(4, 5);
        // MATLAB rgb2ycbcr on doubles.
        Assert.Equal((16 + 65.481 * r + 128.553 * g + 24.966 * b) / 255, y.Item0, 5);
        Assert.Equal((128 - 37.797 * r - 74.203 * g + 112.0 * b) / 255, y.Item1, 5);
        Assert.Equal((128 + 112.0 * r - 93.786 * g - 18.214 * b) / 255, y.Item2, 5);
        using var back = ColourSpace.MatlabYCbCrToBgr(ycc, image);
        Assert.Equal(image.Type(), back.Type());
        Assert.True(Cv2.Norm(image, back, NormTypes.INF) <= (max == 255 ? 0 : 2));
    }

    [Theory]
    [InlineData(255.0)]
    [InlineData(65535.0)]
    public void MatlabLuma_on_the_stored_scale_is_rgb2ycbcr_Y_times_full_scale(double max)
    {
        // One pixel worked by hand: B = 0.2, G = 0.5, R = 0.9 of full scale.
        using var bgr = new Mat(1, 1, MatType.CV_64FC3, new Scalar(0.2 * max, 0.5 * max, 0.9 * max));
        using var y = ColourSpace.MatlabLuma(bgr, max);
        double expected = max * (16 + 65.481 * 0.9 + 128.553 * 0.5 + 24.966 * 0.2) / 255;
        Assert.Equal(MatType.CV_64FC1, y.Type());
        Assert.Equal(expected, y.At<double>(0, 0), 9);
    }

    [Fact]
    public void MatlabLuma_agrees_with_the_Y_plane_of_MatlabYCbCr()
    {
        using var image = TestData.DarkColour(17, 13);
        using var ycc = ColourSpace.MatlabYCbCr(image);
        using var wide = new Mat();
        image.ConvertTo(wide, MatType.CV_64FC3);
        using var luma = ColourSpace.MatlabLuma(wide, 255);
        using var fromYcc = new Mat();
        ycc.ExtractChannel(0).ConvertTo(fromYcc, MatType.CV_64FC1, 255);
        Assert.True(Cv2.Norm(luma, fromYcc, NormTypes.INF) < 1e-3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Luma_is_opencv_grey_at_the_image_depth_and_a_grey_image_itself(int channels)
    {
        using var image = new Mat(5, 7, MatType.MakeType(MatType.CV_16U, channels));
        Cv2.SetTheRNG(7);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(65535));
        using var luma = ColourSpace.Luma(image);
        Assert.Equal(MatType.CV_16UC1, luma.Type());
        var planes = image.Split();
        double Sample(int c) => planes[c].At<ushort>(2, 3);
        double expected = channels == 1 ? Sample(0) : 0.299 * Sample(2) + 0.587 * Sample(1) + 0.114 * Sample(0);
        // OpenCV weighs with 14-bit fixed-point coefficients (4899, 9617, 1868 / 2¹⁴): at 16 bits that is up to
        // about two levels from the exact BT.601 sum.
        Assert.Equal(expected, luma.At<ushort>(2, 3), 3.0);
        foreach (var plane in planes) plane.Dispose();
    }

    [Fact]
    public void MatlabGrey_rounds_rgb2gray_weights_to_whole_levels()
    {
        // 0.298936·200 + 0.587043·100 + 0.114021·50 = 124.19 → 124; 0.298936·1 + 0.587043·1 + 0.114021·1 ≈ 1.
        using var bgr = new Mat(1, 2, MatType.CV_32FC3);
        bgr.Set(0, 0, new Vec3f(50, 100, 200));
        bgr.Set(0, 1, new Vec3f(1, 1, 1));
        using var grey = ColourSpace.MatlabGrey(bgr);
        Assert.Equal(124.0, grey.At<double>(0, 0));
        Assert.Equal(1.0, grey.At<double>(0, 1));
    }

    [Theory]
    [InlineData(8, 3, 1)]
    [InlineData(16, 3, 2)]
    [InlineData(8, 4, 3)]
    [InlineData(16, 1, 4)]
    public void MeanLuma_is_the_mean_of_the_luma_plane_bit_for_bit(int bits, int channels, int seed)
    {
        // 2017 columns: bands of 32 rows, and a last band cut short by the 101 rows.
        using var image = new Mat(101, 2017, MatType.MakeType(bits == 8 ? MatType.CV_8U : MatType.CV_16U, channels));
        new RNG((ulong)seed).Fill(image, DistributionType.Uniform, Scalar.All(0), Scalar.All(bits == 8 ? 256 : 65536));
        using var luma = ColourSpace.Luma(image);
        Assert.Equal(Cv2.Mean(luma).Val0, ColourSpace.MeanLuma(image));
    }
}
