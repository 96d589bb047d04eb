using System.Buffers.Binary;
using System.IO.Compression;
using Lumos.Batch;
using Lumos.Imaging;
using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Tests.Imaging;

/// <summary>Lumos writes PNG itself (every layout, on all cores); libpng, through OpenCV, is the independent reader.</summary>
public sealed class PngEncoderTests
{
    [Theory]
    [InlineData(1, 8, 23, 17)]
    [InlineData(2, 8, 23, 17)]
    [InlineData(3, 8, 23, 17)]
    [InlineData(4, 8, 23, 17)]
    [InlineData(1, 16, 23, 17)]
    [InlineData(2, 16, 23, 17)]
    [InlineData(3, 16, 23, 17)]
    [InlineData(4, 16, 23, 17)]
    [InlineData(3, 8, 1, 1)]
    [InlineData(4, 16, 700, 900)] // 5 MB of rows: two bands, joined by a sync flush and a combined Adler-32
    [InlineData(1, 8, 5000, 1800)] // three bands of single-byte pixels
    public void Every_layout_is_written_as_a_png_that_libpng_reads_back_sample_for_sample(int channels, int bits, int width, int height)
    {
        using var folder = TestData.TempFolder();
        using var image = ImageIOTests.RandomImage(MatType.MakeType(bits == 16 ? MatType.CV_16U : MatType.CV_8U, channels), width, height);
        var path = folder.File("image.png");

        ImageIO.Write(image, path);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(bits, bytes[24]); // IHDR bit depth
        Assert.Equal(channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 }, bytes[25]); // IHDR colour type
        Assert.Equal(height * (1 + width * channels * bits / 8), InflatedLength(bytes)); // .NET's zlib checks the Adler-32 trailer
        using var kept = ImageIO.Read(path, new ReadOptions { KeepGreyAlpha = true });
        Assert.Equal(image.Type(), kept.Type());
        Assert.Equal(0, Cv2.Norm(image, kept, NormTypes.INF));
        if (channels != 2) return;
        // OpenCV's own reading of grey+alpha (expanded to BGRA) is the independent decoder of that layout.
        using var bgra = Cv2.ImRead(path, ImreadModes.Unchanged);
        using var grey = image.ExtractChannel(0);
        using var alpha = image.ExtractChannel(1);
        for (int c = 0; c < 3; c++)
            using (var plane = bgra.ExtractChannel(c)) Assert.Equal(0, Cv2.Norm(grey, plane, NormTypes.INF));
        using (var plane = bgra.ExtractChannel(3)) Assert.Equal(0, Cv2.Norm(alpha, plane, NormTypes.INF));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void Skia_a_second_decoder_reads_the_png_back_sample_for_sample(int channels)
    {
        using var folder = TestData.TempFolder();
        using var image = ImageIOTests.RandomImage(MatType.MakeType(MatType.CV_8U, channels), 301, 203);
        var path = folder.File("image.png");

        ImageIO.Write(image, path);

        using var codec = SkiaSharp.SKCodec.Create(path);
        var info = new SkiaSharp.SKImageInfo(image.Width, image.Height, channels == 1 ? SkiaSharp.SKColorType.Gray8 : SkiaSharp.SKColorType.Bgra8888, SkiaSharp.SKAlphaType.Unpremul);
        using var decoded = new Mat(image.Height, image.Width, channels == 1 ? MatType.CV_8UC1 : MatType.CV_8UC4);
        Assert.Equal(SkiaSharp.SKCodecResult.Success, codec.GetPixels(info, decoded.Data));
        using var expected = new Mat();
        if (channels == 3) Cv2.CvtColor(image, expected, ColorConversionCodes.BGR2BGRA);
        else image.CopyTo(expected);
        Assert.Equal(0, Cv2.Norm(expected, decoded, NormTypes.INF));
    }

    [Fact]
    public void A_view_into_a_larger_image_is_written_row_by_row_with_its_stride()
    {
        using var folder = TestData.TempFolder();
        using var whole = ImageIOTests.RandomImage(MatType.CV_16UC3, 64, 40);
        using var view = new Mat(whole, new Rect(5, 3, 31, 17)); // rows are 64 pixels apart in memory
        var path = folder.File("view.png");

        ImageIO.Write(view, path);

        using var back = ImageIO.Read(path);
        Assert.Equal(0, Cv2.Norm(view, back, NormTypes.INF));
    }

    [Fact]
    public void Adler32_of_two_runs_combines_to_that_of_the_whole()
    {
        var bytes = new byte[100_000];
        new Random(3).NextBytes(bytes);
        foreach (int split in new[] { 0, 1, 5552, 65521, 70_000, 100_000 })
            Assert.Equal(Adler32(bytes), PngEncoder.CombineAdler(Adler32(bytes.AsSpan(0, split)), Adler32(bytes.AsSpan(split)), bytes.Length - split));
    }

    /// <summary>Adler-32 from its definition (RFC 1950 8.2), one byte at a time.</summary>
    private static uint Adler32(ReadOnlySpan<byte> bytes)
    {
        ulong a = 1, b = 0;
        foreach (byte x in bytes)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        return (uint)((b << 16) | a);
    }

    /// <summary>The length of the IDAT chunks' zlib stream once inflated by .NET's zlib, which checks the stream and its Adler-32.</summary>
    private static long InflatedLength(byte[] png)
    {
        using var idat = new MemoryStream();
        for (int pos = 8; pos < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            if (png.AsSpan(pos + 4, 4).SequenceEqual("IDAT"u8)) idat.Write(png, pos + 8, length);
            pos += 12 + length;
        }
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        return raw.Length;
    }

    [Theory]
    [InlineData(".jpg", 1)]
    [InlineData(".tif", 4)]
    [InlineData(".webp", 4)]
    public void A_grey_alpha_image_in_another_format_keeps_its_alpha_where_the_format_can(string extension, int channels)
    {
        using var folder = TestData.TempFolder();
        using var image = ImageIOTests.RandomImage(MatType.CV_8UC2, 20, 16);
        using (var alpha = image.ExtractChannel(1)) { Cv2.Max(alpha, 1, alpha); Cv2.InsertChannel(alpha, image, 1); } // lossless WebP rewrites transparent pixels
        var path = folder.File("ga" + extension);

        ImageIO.Write(image, path);

        using var back = ImageIO.Read(path);
        Assert.Equal(channels, back.Channels());
        if (extension == ".jpg") return;
        using var grey = image.ExtractChannel(0);
        using var red = back.ExtractChannel(2);
        Assert.Equal(0, Cv2.Norm(grey, red, NormTypes.INF));
    }

    [Theory]
    [InlineData("zerodce", 1)] // per-channel curves: a grey image read as BGRA would come out coloured
    [InlineData("bicubic", 2)]
    public void A_grey_alpha_png_is_processed_as_its_grey_image_and_written_back_as_grey_alpha(string method, int scale)
    {
        using var folder = TestData.TempFolder();
        using var colour = TestData.DarkColour(40, 32);
        using var grey = new Mat();
        Cv2.CvtColor(colour, grey, ColorConversionCodes.BGR2GRAY);
        using var alpha = ImageIOTests.RandomImage(MatType.CV_8UC1, 40, 32);
        using (var greyAlpha = new Mat())
        {
            Cv2.Merge([grey, alpha], greyAlpha);
            ImageIO.Write(greyAlpha, folder.File("ga.png"));
        }
        ImageIO.Write(grey, folder.File("g.png"));
        using var operation = Operations.Create(method, scale == 1 ? [] : [new(Operations.ScaleKey, scale.ToString())]);
        var job = new ProcessingJob(operation, new ReadOptions(), new WriteOptions());

        foreach (var name in new[] { "ga", "g" })
            Assert.True(job.Run(new BatchItem(folder.File($"{name}.png"), folder.File($"{name}-out.png"))).Ok);

        Assert.Equal(4, File.ReadAllBytes(folder.File("ga-out.png"))[25]);
        using var result = ImageIO.Read(folder.File("ga-out.png"), new ReadOptions { KeepGreyAlpha = true });
        using var greyResult = ImageIO.Read(folder.File("g-out.png"));
        Assert.Equal(MatType.CV_8UC2, result.Type());
        using (var plane = result.ExtractChannel(0)) Assert.Equal(0, Cv2.Norm(greyResult, plane, NormTypes.INF));
        using var expectedAlpha = scale == 1 ? alpha.Clone() : MatlabResize.Bicubic(alpha, scale);
        using (var plane = result.ExtractChannel(1)) Assert.Equal(0, Cv2.Norm(expectedAlpha, plane, NormTypes.INF));
    }
}
