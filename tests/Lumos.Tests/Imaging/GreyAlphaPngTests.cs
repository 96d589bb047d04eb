using Lumos.Batch;
using Lumos.Imaging;
using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Tests.Imaging;

/// <summary>Grey+alpha PNGs: OpenCV reads them as BGRA and cannot write them; Lumos keeps them what they are.</summary>
public sealed class GreyAlphaPngTests
{
    [Theory]
    [InlineData(8, 23, 17)]
    [InlineData(16, 23, 17)]
    [InlineData(16, 300, 250)] // several IDAT chunks
    public void A_grey_alpha_image_is_written_as_a_grey_alpha_png_that_libpng_reads_back_exactly(int bits, int width, int height)
    {
        using var folder = TestData.TempFolder();
        using var image = ImageIOTests.RandomImage(bits == 16 ? MatType.CV_16UC2 : MatType.CV_8UC2, width, height);
        var path = folder.File("ga.png");

        ImageIO.Write(image, path);

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(bits, bytes[24]); // IHDR bit depth
        Assert.Equal(4, bytes[25]); // IHDR colour type: grey with alpha
        using var kept = ImageIO.Read(path, new ReadOptions { KeepGreyAlpha = true });
        Assert.Equal(image.Type(), kept.Type());
        Assert.Equal(0, Cv2.Norm(image, kept, NormTypes.INF));
        // OpenCV's own reading (libpng, expanded to BGRA) is the independent decoder.
        using var bgra = Cv2.ImRead(path, ImreadModes.Unchanged);
        using var grey = image.ExtractChannel(0);
        using var alpha = image.ExtractChannel(1);
        for (int c = 0; c < 3; c++)
            using (var plane = bgra.ExtractChannel(c)) Assert.Equal(0, Cv2.Norm(grey, plane, NormTypes.INF));
        using (var plane = bgra.ExtractChannel(3)) Assert.Equal(0, Cv2.Norm(alpha, plane, NormTypes.INF));
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
