using Lumos.Imaging;
using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Tests.SuperResolution;

public sealed class UpscalerTests
{
    [Theory]
    [InlineData(MatType.CV_8U, 1, 2)]
    [InlineData(MatType.CV_8U, 3, 3)]
    [InlineData(MatType.CV_8U, 4, 4)]
    [InlineData(MatType.CV_16U, 3, 2)]
    [InlineData(MatType.CV_16U, 4, 3)]
    public void Upscaler_keeps_channels_and_depth_and_multiplies_odd_sizes(int depth, int channels, int scale)
    {
        using var image = new Mat(37, 53, MatType.MakeType(depth, channels));
        Cv2.Randu(image, Scalar.All(0), Scalar.All(depth == MatType.CV_16U ? 65535 : 255));
        using var result = Upscaler.Apply(Upscalers.Registry.Create("bicubic"), image, scale);
        Assert.Equal(new Size(53 * scale, 37 * scale), result.Size());
        Assert.Equal(image.Type(), result.Type());
    }

    [Fact]
    public void Every_registered_upscaler_runs_on_a_2x2_image_from_its_defaults_or_names_the_file_it_needs()
    {
        Assert.Contains(Upscalers.Registry.All, u => u.Name == "bicubic");
        using var tiny = TestData.DarkColour(2, 2);
        foreach (var info in Upscalers.Registry.All)
        {
            Mat result;
            // Nets without shipped weights and external models cannot run from defaults: they must say what to pass.
            try { result = Upscaler.Apply(info.Create(), tiny, 2); }
            catch (LumosException e) when (e.Message.Contains("set the weights parameter") || e.Message.Contains("set the model parameter")) { continue; }
            using (result) Assert.Equal(new Size(4, 4), result.Size());
        }
    }

    [Fact]
    public void Upscaler_scales_alpha_on_its_own_with_matlab_bicubic()
    {
        using var colour = TestData.DarkColour(21, 17);
        using var alpha = new Mat(17, 21, MatType.CV_8UC1);
        Cv2.Randu(alpha, Scalar.All(0), Scalar.All(255));
        using var bgra = new Mat();
        Cv2.Merge([colour, alpha], bgra);
        using var result = Upscaler.Apply(new Bicubic(), bgra, 3);
        using var resultAlpha = result.ExtractChannel(3);
        using var expectedAlpha = MatlabResize.Bicubic(alpha, 3.0);
        using var resultColour = new Mat();
        Cv2.CvtColor(result, resultColour, ColorConversionCodes.BGRA2BGR);
        using var expectedColour = MatlabResize.Bicubic(colour, 3.0);
        Assert.Equal(0, Cv2.Norm(resultAlpha, expectedAlpha, NormTypes.INF));
        Assert.Equal(0, Cv2.Norm(resultColour, expectedColour, NormTypes.INF));
    }

    [Fact]
    public void Upscaler_rejects_float_images_and_bad_scales()
    {
        using var floats = new Mat(4, 4, MatType.CV_32FC3, Scalar.All(0));
        using var bytes = new Mat(4, 4, MatType.CV_8UC3, Scalar.All(0));
        Assert.Throws<LumosException>(() => Upscaler.Apply(new Bicubic(), floats, 2));
        Assert.Throws<LumosException>(() => Upscaler.Apply(new Bicubic(), bytes, 0));
    }

    [Fact]
    public void YCbCr_upscale_runs_the_net_on_y_and_bicubic_on_chroma()
    {
        using var image = TestData.DarkColour(23, 19);
        // With bicubic as the "net", the result is bicubic on Y, Cb, Cr: close to bicubic on B, G, R.
        using var viaY = YCbCr.Upscale(image, 2, y => MatlabResize.Bicubic(y, 2.0));
        using var direct = MatlabResize.Bicubic(image, 2.0);
        Assert.Equal(new Size(46, 38), viaY.Size());
        Assert.True(Cv2.Norm(viaY, direct, NormTypes.INF) <= 2);
        // A net that brightens Y brightens the result and leaves chroma alone.
        using var brighter = YCbCr.Upscale(image, 2, y =>
        {
            var up = MatlabResize.Bicubic(y, 2.0);
            Cv2.Add(up, Scalar.All(0.1), up);
            return up;
        });
        Assert.True(Cv2.Mean(brighter).Val1 > Cv2.Mean(viaY).Val1 + 20);
        Assert.Throws<InvalidOperationException>(() => YCbCr.Upscale(image, 2, y => y.Clone()));
    }
}
