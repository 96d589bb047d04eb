using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Tests.Imaging;

public sealed class MatlabResizeTests
{
    private static Mat FromRows(double[][] rows)
    {
        var mat = new Mat(rows.Length, rows[0].Length, MatType.CV_64FC1);
        for (int y = 0; y < rows.Length; y++)
            for (int x = 0; x < rows[0].Length; x++) mat.Set(y, x, rows[y][x]);
        return mat;
    }

    private static double[][] Rows(System.Text.Json.JsonElement json) =>
        json.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    public static TheoryData<double> Scales => new(0.5, 0.75, 2.0, 3.0);

    [Theory]
    [MemberData(nameof(Scales))]
    public void MatlabResize_matches_the_python_imresize(double scale)
    {
        var reference = TestData.Reference("niqe.json").GetProperty("matlab_resize");
        using var input = FromRows(Rows(reference.GetProperty("input")));
        var expected = Rows(reference.GetProperty("scales").GetProperty(scale.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var result = MatlabResize.Bicubic(input, scale);
        Assert.Equal(new Size(expected[0].Length, expected.Length), result.Size());
        for (int y = 0; y < expected.Length; y++)
            for (int x = 0; x < expected[0].Length; x++)
                Assert.Equal(expected[y][x], result.At<double>(y, x), 1e-10);
    }

    [Fact]
    public void MatlabResize_halving_a_ramp_samples_it_between_pixel_pairs()
    {
        // Normalised symmetric weights reproduce a linear ramp away from the border: output j sits at input 2j + 0.5.
        using var ramp = new Mat(4, 40, MatType.CV_64FC1);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 40; x++) ramp.Set(y, x, 3.0 * x + 1);
        using var half = MatlabResize.Bicubic(ramp, 0.5);
        Assert.Equal(new Size(20, 2), half.Size());
        for (int x = 3; x < 17; x++) Assert.Equal(3 * (2 * x + 0.5) + 1, half.At<double>(1, x), 1e-10);
    }

    [Theory]
    [InlineData(7, 10, 0.75, 6, 8)]
    [InlineData(5, 3, 0.5, 3, 2)]
    [InlineData(5, 3, 2.0, 10, 6)]
    public void MatlabResize_output_is_the_ceiling_of_scale_times_size_and_keeps_constants(int rows, int cols, double scale, int outRows, int outCols)
    {
        using var flat = new Mat(rows, cols, MatType.CV_32FC3, new Scalar(0.25, 7, 200));
        using var result = MatlabResize.Bicubic(flat, scale);
        Assert.Equal(new Size(outCols, outRows), result.Size());
        Assert.Equal(MatType.CV_32FC3, result.Type());
        Cv2.MinMaxLoc(result.Reshape(1), out double min, out double max);
        Assert.Equal(0.25, min, 5);
        Assert.Equal(200, max, 4);
        var mean = Cv2.Mean(result);
        Assert.Equal(7, mean.Val1, 4);
    }

    [Fact]
    public void MatlabResize_treats_channels_independently()
    {
        using var colour = TestData.DarkColour(23, 17);
        using var unit = new Mat();
        colour.ConvertTo(unit, MatType.CV_64FC3);
        using var resized = MatlabResize.Bicubic(unit, 0.5);
        var planes = unit.Split();
        var resizedPlanes = resized.Split();
        for (int c = 0; c < 3; c++)
        {
            using var alone = MatlabResize.Bicubic(planes[c], 0.5);
            Assert.Equal(0, Cv2.Norm(alone, resizedPlanes[c], NormTypes.INF), 12);
        }
        foreach (var p in planes.Concat(resizedPlanes)) p.Dispose();
    }

    [Fact]
    public void MatlabResize_rejects_signed_integer_images_and_bad_scales_or_sizes()
    {
        using var signed = new Mat(4, 4, MatType.CV_32SC1, Scalar.All(1));
        using var floats = new Mat(4, 4, MatType.CV_32FC1, Scalar.All(1));
        Assert.Throws<LumosException>(() => MatlabResize.Bicubic(signed, 0.5));
        Assert.Throws<LumosException>(() => MatlabResize.Bicubic(floats, 0));
        Assert.Throws<LumosException>(() => MatlabResize.Bicubic(floats, double.NaN));
        Assert.Throws<LumosException>(() => MatlabResize.Bicubic(floats, new Size(0, 3)));
    }

    private static Mat Integer(System.Text.Json.JsonElement json, int depth)
    {
        var rows = json.EnumerateArray().ToArray();
        var first = rows[0].EnumerateArray().ToArray();
        int channels = first[0].ValueKind == System.Text.Json.JsonValueKind.Array ? first[0].GetArrayLength() : 1;
        var mat = new Mat(rows.Length, first.Length, MatType.MakeType(MatType.CV_64F, channels));
        for (int y = 0; y < rows.Length; y++)
        {
            var row = rows[y].EnumerateArray().ToArray();
            for (int x = 0; x < row.Length; x++)
                if (channels == 1) mat.Set(y, x, row[x].GetDouble());
                else mat.Set(y, x, new Vec3d(row[x][0].GetDouble(), row[x][1].GetDouble(), row[x][2].GetDouble()));
        }
        var result = new Mat();
        mat.ConvertTo(result, MatType.MakeType(depth, channels));
        mat.Dispose();
        return result;
    }

    public static TheoryData<int> IntegerCases => new(Enumerable.Range(0, 15).ToArray());

    [Theory]
    [MemberData(nameof(IntegerCases))]
    public void MatlabResize_matches_the_python_imresize_on_8_and_16_bit_images_at_any_size(int index)
    {
        var reference = TestData.Reference("matlab_resize.json");
        var cases = reference.GetProperty("cases").EnumerateArray().ToArray();
        Assert.Equal(IntegerCases.Count, cases.Length);
        var item = cases[index];
        string name = item.GetProperty("input").GetString()!;
        int depth = name.EndsWith("16", StringComparison.Ordinal) ? MatType.CV_16U : MatType.CV_8U;
        using var input = Integer(reference.GetProperty("inputs").GetProperty(name), depth);
        using var expected = Integer(item.GetProperty("output"), depth);
        using var result = item.GetProperty("scale").ValueKind == System.Text.Json.JsonValueKind.Number
            ? MatlabResize.Bicubic(input, item.GetProperty("scale").GetDouble())
            : MatlabResize.Bicubic(input, new Size(item.GetProperty("size")[1].GetInt32(), item.GetProperty("size")[0].GetInt32()));
        Assert.Equal(expected.Size(), result.Size());
        Assert.Equal(input.Type(), result.Type());
        Assert.Equal(0, Cv2.Norm(expected, result, NormTypes.INF));
    }

    [Fact]
    public void MatlabResize_rounds_8_bit_halves_up_and_saturates_overshoot()
    {
        // A step overshoots under the cubic's negative lobes: 8-bit results clip to [0, 255] where doubles do not.
        using var step = new Mat(1, 8, MatType.CV_8UC1, Scalar.All(0));
        using (var right = step.ColRange(4, 8)) right.SetTo(Scalar.All(255));
        using var wide = new Mat();
        step.ConvertTo(wide, MatType.CV_64FC1);
        using var up8 = MatlabResize.Bicubic(step, 2.0);
        using var up64 = MatlabResize.Bicubic(wide, 2.0);
        Cv2.MinMaxLoc(up64, out double min, out double max);
        Assert.True(min < 0 && max > 255);
        for (int x = 0; x < 16; x++)
            Assert.Equal(Math.Floor(Math.Clamp(up64.At<double>(0, x), 0, 255) + 0.5), up8.At<byte>(0, x));
    }
}
