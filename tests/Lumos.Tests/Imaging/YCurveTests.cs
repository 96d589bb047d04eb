using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Tests.Imaging;

/// <summary>
/// YCurve must be OpenCV's BGR→YCrCb→BGR round trip, fused: every check compares with <c>Cv2.CvtColor</c>,
/// over every 8-bit colour and over random 16-bit images with the extremes of the range included.
/// </summary>
public sealed class YCurveTests
{
    [Fact]
    public void Luma_equals_cvtColor_Y_for_every_8bit_colour()
    {
        using var colours = EveryColour();
        using var luma = YCurve.Luma(colours);
        using var ycrcbY = OpenCvY(colours);
        AssertIdentical(ycrcbY, luma);
    }

    [Fact]
    public void Luma_equals_cvtColor_Y_at_16bit()
    {
        using var image = Random16(3);
        using var luma = YCurve.Luma(image);
        using var ycrcbY = OpenCvY(image);
        AssertIdentical(ycrcbY, luma);
    }

    [Fact]
    public void Rebuilding_with_unchanged_Y_equals_cvtColor_there_and_back_for_every_8bit_colour()
    {
        using var colours = EveryColour();
        using var luma = YCurve.Luma(colours);
        using var ours = new Mat();
        YCurve.Rebuild(colours, luma, ours);
        using var expected = OpenCvRoundTrip(colours, luma);
        AssertIdentical(expected, ours);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Rebuilding_with_any_Y_equals_merge_and_cvtColor_back(int bits)
    {
        // Arbitrary Y planes, unrelated to the image, reach every clamp of the inverse transform.
        using var image = bits == 8 ? Random8(5) : Random16(5);
        var levels = RandomLevels(6, image.Rows * image.Cols, bits == 8 ? 256 : 65536);
        using var anyY = bits == 8
            ? Owned(image.Rows, image.Cols, MatType.CV_8UC1, Array.ConvertAll(levels, v => (byte)v))
            : Owned(image.Rows, image.Cols, MatType.CV_16UC1, levels);
        using var ours = new Mat();
        YCurve.Rebuild(image, anyY, ours);
        using var expected = OpenCvRoundTrip(image, anyY);
        AssertIdentical(expected, ours);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Lookup_table_pass_equals_cvtColor_LUT_and_back_into_a_reused_destination(int bits)
    {
        using var image = bits == 8 ? Random8(7) : Random16(7);
        int levels = bits == 8 ? 256 : 65536;
        var random = new Random(7);
        var lut = Enumerable.Range(0, levels).Select(_ => (ushort)random.Next(levels)).ToArray();
        using var y = OpenCvY(image);
        using var mapped = bits == 8 ? ToneCurve.ApplyLut(y, Array.ConvertAll(lut, v => (byte)v)) : ToneCurve.ApplyLut(y, lut);
        using var expected = OpenCvRoundTrip(image, mapped);
        using var destination = new Mat(image.Size(), image.Type());
        IntPtr before = destination.Data;
        YCurve.Apply(image, lut, destination);
        AssertIdentical(expected, destination);
        Assert.Equal(before, destination.Data);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Histogram_counts_the_levels_of_cvtColor_Y(int bits)
    {
        using var image = bits == 8 ? Random8(9) : Random16(9);
        using var y = OpenCvY(image);
        var expected = bits == 8 ? LevelCounts.Of8Bit(y) : LevelCounts.Of16Bit(y);
        Assert.Equal(expected, YCurve.Histogram(image));
    }

    [Fact]
    public void Unsupported_layouts_are_refused()
    {
        using var grey = new Mat(4, 4, MatType.CV_8UC1, Scalar.All(1));
        using var floats = new Mat(4, 4, MatType.CV_32FC3, Scalar.All(0.5));
        Assert.False(YCurve.Supports(grey));
        Assert.Throws<ArgumentException>(() => YCurve.Histogram(floats));
    }

    /// <summary>All 2^24 B, G, R triples once each, as a 4096×4096 image.</summary>
    internal static Mat EveryColour()
    {
        var pixels = new byte[4096 * 4096 * 3];
        for (int i = 0; i < 1 << 24; i++)
        {
            pixels[3 * i] = (byte)i;
            pixels[3 * i + 1] = (byte)(i >> 8);
            pixels[3 * i + 2] = (byte)(i >> 16);
        }
        return Owned(4096, 4096, MatType.CV_8UC3, pixels);
    }

    internal static Mat Random8(int seed, int rows = 613, int cols = 1031)
    {
        var pixels = new byte[rows * cols * 3];
        new Random(seed).NextBytes(pixels);
        return Owned(rows, cols, MatType.CV_8UC3, pixels);
    }

    /// <summary>Random 16-bit colours; the first rows hold the corners of the cube, where clamps bite.</summary>
    internal static Mat Random16(int seed, int rows = 613, int cols = 1031)
    {
        var image = Owned(rows, cols, MatType.CV_16UC3, RandomLevels(seed, rows * cols * 3, 65536));
        ushort[] extremes = [0, 1, 32767, 32768, 65534, 65535];
        int x = 0;
        foreach (var b in extremes)
            foreach (var g in extremes)
                foreach (var r in extremes)
                    image.Set(x / cols, x++ % cols, new Vec3w(b, g, r));
        return image;
    }

    /// <summary>A Mat that owns a copy of <paramref name="data"/>.</summary>
    private static Mat Owned<T>(int rows, int cols, MatType type, T[] data) where T : unmanaged
    {
        using var view = Mat.FromPixelData(rows, cols, type, data);
        return view.Clone();
    }

    private static ushort[] RandomLevels(int seed, int count, int levels)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (ushort)random.Next(levels)).ToArray();
    }

    private static Mat OpenCvY(Mat bgr)
    {
        using var ycrcb = new Mat();
        Cv2.CvtColor(bgr, ycrcb, ColorConversionCodes.BGR2YCrCb);
        var y = new Mat();
        Cv2.ExtractChannel(ycrcb, y, 0);
        return y;
    }

    /// <summary>Today's reference path: cvtColor to YCrCb, Y replaced, cvtColor back.</summary>
    internal static Mat OpenCvRoundTrip(Mat bgr, Mat newY)
    {
        using var ycrcb = new Mat();
        Cv2.CvtColor(bgr, ycrcb, ColorConversionCodes.BGR2YCrCb);
        Cv2.InsertChannel(newY, ycrcb, 0);
        var back = new Mat();
        Cv2.CvtColor(ycrcb, back, ColorConversionCodes.YCrCb2BGR);
        return back;
    }

    internal static void AssertIdentical(Mat expected, Mat actual)
    {
        Assert.Equal((expected.Size(), expected.Type()), (actual.Size(), actual.Type()));
        using var difference = new Mat();
        Cv2.Absdiff(expected, actual, difference);
        using var flat = difference.Reshape(1);
        Assert.Equal(0, Cv2.CountNonZero(flat));
    }
}
