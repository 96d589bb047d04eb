using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class ClaheTests
{
    [Theory]
    [InlineData(320, 240, 8, 2.0, "Y", false)]   // divides into tiles
    [InlineData(301, 203, 8, 2.0, "Y", false)]   // padded by reflection on both sides
    [InlineData(320, 203, 3, 40.0, "Y", false)]  // only rows do not divide: OpenCV pads a whole tile of columns too
    [InlineData(97, 64, 5, 0.5, "PerChannel", false)] // three tables per frame
    [InlineData(160, 120, 8, 2.0, "Y", true)]    // 16-bit: 65536 levels per table
    public void Video_mode_path_with_unchanged_tables_equals_OpenCV_exactly(int width, int height, int tiles, double clip, string channel, bool deep)
    {
        using var image8 = TestData.DarkColour(width, height, seed: width);
        using var image = new Mat();
        image8.ConvertTo(image, deep ? MatType.CV_16UC3 : MatType.CV_8UC3, deep ? 257 : 1);
        var clahe = new Clahe(new ClaheOptions { Tiles = tiles, ClipLimit = clip, Channel = Enum.Parse<ToneChannel>(channel) });

        using var expected = clahe.Enhance(image);
        int calls = 0;
        using var viaTables = new Mat();
        clahe.Apply(image, viaTables, tables => { calls++; return tables; });

        Assert.Equal(channel == "PerChannel" ? 3 : 1, calls);
        Assert.Equal(0, Cv2.Norm(expected, viaTables, NormTypes.INF));
    }

    [Theory]
    [InlineData("clahe", 1)]
    [InlineData("clahe16", 257)]
    public void Clahe_luma_matches_cv2_createCLAHE_bit_exactly(string expectedKey, int scale)
    {
        var reference = TestData.Reference("he_clahe.json");
        using var luma8 = Cv2.ImRead(Path.Combine(TestData.ReferenceDir, reference.GetProperty("luma").GetString()!), ImreadModes.Unchanged);
        using var expected = Cv2.ImRead(Path.Combine(TestData.ReferenceDir, reference.GetProperty(expectedKey).GetString()!), ImreadModes.Unchanged);
        using var luma = new Mat();
        luma8.ConvertTo(luma, scale == 1 ? MatType.CV_8U : MatType.CV_16U, scale);
        // A grey image has Y = grey and neutral chroma, so the method's Y path must reproduce the plane exactly.
        using var grey = new Mat();
        Cv2.CvtColor(luma, grey, ColorConversionCodes.GRAY2BGR);
        using var result = EnhancementMethods.Registry.Create("clahe").Enhance(grey);
        Assert.Equal(expected.Type(), result.Split()[0].Type());
        foreach (var channel in result.Split())
            using (channel)
            using (var diff = new Mat())
            {
                Cv2.Compare(channel, expected, diff, CmpTypes.NE);
                Assert.Equal(0, Cv2.CountNonZero(diff));
            }
    }

    [Fact]
    public void Clahe_higher_clip_limit_gives_more_contrast()
    {
        using var dark = TestData.DarkColour(160, 120);
        double Contrast(double clip)
        {
            using var result = new Clahe(new ClaheOptions { ClipLimit = clip }).Enhance(dark);
            using var y = Lumos.Imaging.ColourSpace.Luma(result);
            Cv2.MeanStdDev(y, out _, out var std);
            return std.Val0;
        }
        using var luma = Lumos.Imaging.ColourSpace.Luma(dark);
        Cv2.MeanStdDev(luma, out _, out var before);
        Assert.True(Contrast(1.5) > before.Val0, $"{Contrast(1.5)} vs {before.Val0}");
        Assert.True(Contrast(4.0) > Contrast(1.5));
    }
}
