using System.Text;
using Lumos.Nets.SuperResolution;
using Lumos.Onnx;
using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Tests.Nets.SuperResolution;

public sealed class OnnxUpscalerTests
{
    [Fact]
    public void Onnx_model_halving_then_nearest_upscaling_gives_the_expected_pixels_tiled()
    {
        using var folder = TestData.TempFolder();
        var model = Path.Combine(folder.Path, "half-nearest-x2.onnx");
        File.WriteAllBytes(model, HalfThenNearestX2());
        using var upscaler = new OnnxUpscaler(new OnnxUpscalerOptions { Model = model, Tile = 24, Overlap = 8 });
        Assert.Equal(2, upscaler.DefaultScale);

        // Even values: halving is exact in 8 bits.
        using var image = new Mat(37, 53, MatType.CV_8UC3);
        var random = new Random(5);
        for (int y = 0; y < 37; y++)
            for (int x = 0; x < 53; x++)
                image.Set(y, x, new Vec3b((byte)(2 * random.Next(128)), (byte)(2 * random.Next(128)), (byte)(2 * random.Next(128))));
        using var upscaled = Upscaler.Apply(upscaler, image, 2);
        Assert.Equal(new Size(106, 74), upscaled.Size());
        for (int y = 0; y < 74; y++)
            for (int x = 0; x < 106; x++)
            {
                var expected = image.At<Vec3b>(y / 2, x / 2);
                var actual = upscaled.At<Vec3b>(y, x);
                for (int c = 0; c < 3; c++) Assert.Equal(expected[c] / 2, actual[c]);
            }
    }

    [Fact]
    public void One_channel_onnx_model_runs_on_matlab_y_with_bicubic_chroma()
    {
        using var folder = TestData.TempFolder();
        var model = Path.Combine(folder.Path, "y-half-nearest-x2.onnx");
        File.WriteAllBytes(model, HalfThenNearestX2(channels: 1));
        using var upscaler = new OnnxUpscaler(new OnnxUpscalerOptions { Model = model, Tile = 24, Overlap = 8 });
        Assert.Equal(2, upscaler.DefaultScale);
        using var image = TestData.DarkColour(37, 29);
        using var upscaled = Upscaler.Apply(upscaler, image, 2);
        // The same thing by hand: halve MATLAB Y and repeat each pixel 2×2; chroma by MATLAB bicubic.
        using var expected = YCbCr.Upscale(image, 2, y =>
        {
            var nearest = new Mat();
            Cv2.Resize(y, nearest, new Size(y.Width * 2, y.Height * 2), interpolation: InterpolationFlags.Nearest);
            return nearest * 0.5;
        });
        using var difference = new Mat();
        Cv2.Absdiff(upscaled, expected, difference);
        difference.MinMaxLoc(out double _, out double max);
        Assert.True(max <= 1, $"differs by {max}");
    }

    [Fact]
    public void Onnx_model_asked_for_another_scale_says_its_own()
    {
        using var folder = TestData.TempFolder();
        var model = Path.Combine(folder.Path, "x2.onnx");
        File.WriteAllBytes(model, HalfThenNearestX2());
        using var upscaler = new OnnxUpscaler(new OnnxUpscalerOptions { Model = model });
        using var image = TestData.DarkColour(20, 16);
        var error = Assert.Throws<LumosException>(() => Upscaler.Apply(upscaler, image, 3));
        Assert.Contains("--scale 2", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_a_one_line_error()
    {
        using var folder = TestData.TempFolder();
        var model = Path.Combine(folder.Path, "broken.onnx");
        File.WriteAllText(model, "this is not a protobuf model");
        var error = Assert.Throws<LumosException>(() => new OnnxUpscaler(new OnnxUpscalerOptions { Model = model }));
        Assert.StartsWith($"{model}: not a usable ONNX model", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Throws<LumosException>(() => new OnnxUpscaler(new OnnxUpscalerOptions { Model = Path.Combine(folder.Path, "absent.onnx") }));
    }

    /// <summary>
    /// A two-node ONNX graph written as raw protobuf (onnx.proto field numbers): y = Resize(Mul(x, 0.5), scales
    /// [1, 1, 2, 2], nearest, asymmetric, floor), so y[c, i, j] = x[c, i/2, j/2] / 2, with dynamic H and W.
    /// </summary>
    private static byte[] HalfThenNearestX2(int channels = 3)
    {
        var half = Message(Varint(2, 1), Floats(4, [0.5f]), Text(8, "half"));
        var scales = Message(Varint(1, 4), Varint(2, 1), Floats(4, [1, 1, 2, 2]), Text(8, "scales"));
        var mul = Message(Text(1, "x"), Text(1, "half"), Text(2, "halved"), Text(4, "Mul"));
        var resize = Message(Text(1, "halved"), Text(1, ""), Text(1, "scales"), Text(2, "y"), Text(4, "Resize"),
            Bytes(5, Attribute("mode", "nearest")), Bytes(5, Attribute("coordinate_transformation_mode", "asymmetric")),
            Bytes(5, Attribute("nearest_mode", "floor")));
        var graph = Message(Bytes(1, mul), Bytes(1, resize), Text(2, "half-nearest-x2"), Bytes(5, half), Bytes(5, scales),
            Bytes(11, ImageValue("x")), Bytes(12, ImageValue("y")));
        return Message(Varint(1, 7), Text(2, "lumos-tests"), Bytes(7, graph), Bytes(8, Message(Text(1, ""), Varint(2, 13))));

        static byte[] Attribute(string name, string value) => Message(Text(1, name), Bytes(4, Encoding.UTF8.GetBytes(value)), Varint(20, 3));
        byte[] ImageValue(string name)
        {
            var shape = Message(Bytes(1, Message(Varint(1, 1))), Bytes(1, Message(Varint(1, channels))), Bytes(1, Message(Text(2, "h"))), Bytes(1, Message(Text(2, "w"))));
            return Message(Text(1, name), Bytes(2, Message(Bytes(1, Message(Varint(1, 1), Bytes(2, shape))))));
        }
    }

    private static byte[] Message(params byte[][] fields) => [.. fields.SelectMany(f => f)];

    private static byte[] Varint(int field, long value) => [.. Raw((ulong)field << 3), .. Raw((ulong)value)];

    private static byte[] Bytes(int field, byte[] value) => [.. Raw(((ulong)field << 3) | 2), .. Raw((ulong)value.Length), .. value];

    private static byte[] Text(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Floats(int field, float[] values) => Bytes(field, [.. values.SelectMany(BitConverter.GetBytes)]);

    private static byte[] Raw(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
        return [.. bytes];
    }
}
