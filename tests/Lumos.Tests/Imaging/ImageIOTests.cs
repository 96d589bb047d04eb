using Lumos.Imaging;
using Lumos.Methods;
using OpenCvSharp;

namespace Lumos.Tests.Imaging;

public sealed class ImageIOTests
{
    public static TheoryData<string, MatType> LosslessCases() => new()
    {
        { ".png", MatType.CV_8UC1 }, { ".png", MatType.CV_8UC3 }, { ".png", MatType.CV_8UC4 },
        { ".png", MatType.CV_16UC1 }, { ".png", MatType.CV_16UC3 }, { ".png", MatType.CV_16UC4 },
        { ".tif", MatType.CV_8UC1 }, { ".tif", MatType.CV_8UC3 }, { ".tif", MatType.CV_8UC4 },
        { ".tif", MatType.CV_16UC1 }, { ".tif", MatType.CV_16UC3 }, { ".tif", MatType.CV_16UC4 },
        { ".bmp", MatType.CV_8UC1 }, { ".bmp", MatType.CV_8UC3 },
        { ".webp", MatType.CV_8UC3 }, { ".webp", MatType.CV_8UC4 },
    };

    [Theory, MemberData(nameof(LosslessCases))]
    public void Lossless_formats_round_trip_every_sample_exactly(string extension, MatType type)
    {
        using var folder = TestData.TempFolder();
        using var image = RandomImage(type, 23, 17);
        // Lossless WebP may rewrite the colour of fully transparent pixels: keep alpha above 0 there.
        if (extension == ".webp" && type.Channels == 4)
            using (var alpha = image.ExtractChannel(3)) { Cv2.Max(alpha, 1, alpha); Cv2.InsertChannel(alpha, image, 3); }
        var path = folder.File("image" + extension);
        ImageIO.Write(image, path);
        using var back = ImageIO.Read(path);
        Assert.Equal(image.Type(), back.Type());
        Assert.Equal(0, Cv2.Norm(image, back, NormTypes.INF));
    }

    [Fact]
    public void Cmyk_jpeg_is_read_as_bgr_undoing_the_adobe_inversion()
    {
        // Stored (inverted) C, M, Y, K = 200, 100, 50, 255: libjpeg returns them as they are, OpenCV maps
        // R = K − (255 − C)·K / 256 and so on, giving R, G, B = 201, 101, 51.
        using var image = ImageIO.Decode(CmykJpeg.Flat(16, 8, [200, 100, 50, 255]), "cmyk.jpg");

        Assert.Equal(MatType.CV_8UC3, image.Type());
        Assert.Equal((16, 8), (image.Width, image.Height));
        Assert.Equal(new Vec3b(51, 101, 201), image.At<Vec3b>(3, 11));
    }

    [Fact]
    public void Jpeg_at_quality_100_round_trips_within_a_few_levels()
    {
        using var folder = TestData.TempFolder();
        using var image = TestData.DarkColour();
        var path = folder.File("image.jpg");
        ImageIO.Write(image, path, new WriteOptions { JpegQuality = 100 });
        using var back = ImageIO.Read(path);
        Assert.Equal(MatType.CV_8UC3, back.Type());
        Assert.True(Cv2.Norm(image, back, NormTypes.L1) / image.Total() / 3 < 1.5);
    }

    [Fact]
    public void Sixteen_bit_image_written_as_jpeg_is_rounded_to_8_bits()
    {
        using var folder = TestData.TempFolder();
        using var image = new Mat(8, 8, MatType.CV_16UC3, new Scalar(65535, 32896, 0));
        var path = folder.File("image.jpg");
        ImageIO.Write(image, path, new WriteOptions { JpegQuality = 100 });
        using var back = ImageIO.Read(path);
        Assert.Equal(MatType.CV_8UC3, back.Type());
        var pixel = back.At<Vec3b>(4, 4);
        Assert.InRange(pixel.Item0, 253, 255);
        Assert.InRange(pixel.Item1, 126, 130);
    }

    [Fact]
    public void Jpeg_exif_orientation_6_is_applied_on_read()
    {
        // 40x20, left half white: orientation 6 means "rotate 90° clockwise to view", so the
        // upright image is 20x40 with the white half on top.
        using var image = new Mat(20, 40, MatType.CV_8UC3, Scalar.All(0));
        image[new Rect(0, 0, 20, 20)].SetTo(Scalar.All(255));
        Cv2.ImEncode(".jpg", image, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 100));
        using var folder = TestData.TempFolder();
        var path = folder.File("rotated.jpg");
        File.WriteAllBytes(path, WithExifOrientation(jpeg, 6));

        using var back = ImageIO.Read(path);
        Assert.Equal(new Size(20, 40), back.Size());
        Assert.True(back.At<Vec3b>(5, 10).Item0 > 200);
        Assert.True(back.At<Vec3b>(35, 10).Item0 < 50);
    }

    [Fact]
    public void Alpha_passes_through_enhancement_untouched()
    {
        using var image = RandomImage(MatType.CV_8UC4, 31, 19);
        using var result = Enhancer.Apply(EnhancementMethods.Registry.Create("gamma"), image);
        Assert.Equal(MatType.CV_8UC4, result.Type());
        using var alphaIn = image.ExtractChannel(3);
        using var alphaOut = result.ExtractChannel(3);
        Assert.Equal(0, Cv2.Norm(alphaIn, alphaOut, NormTypes.INF));
    }

    [Theory]
    [InlineData(1), InlineData(3), InlineData(4)]
    public void Enhancement_keeps_channel_count_and_16bit_depth(int channels)
    {
        using var image = RandomImage(MatType.MakeType(MatType.CV_16U, channels), 12, 9);
        using var result = Enhancer.Apply(EnhancementMethods.Registry.Create("gamma"), image);
        Assert.Equal(image.Type(), result.Type());
        Assert.Equal(image.Size(), result.Size());
    }

    internal static Mat RandomImage(MatType type, int width, int height, int seed = 7)
    {
        var image = new Mat(height, width, type);
        double max = type.Depth == MatType.CV_16U ? 65535 : 255;
        var rng = new RNG((ulong)seed);
        rng.Fill(image, DistributionType.Uniform, Scalar.All(0), Scalar.All(max + 1));
        return image;
    }

    /// <summary>Inserts a minimal APP1 Exif segment holding only an orientation tag after SOI.</summary>
    internal static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD at 8
            0, 1,                                    // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, // Orientation, SHORT, 1
            0, 0, 0, 0,                              // no next IFD
        ];
        byte[] exif = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        int length = exif.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
