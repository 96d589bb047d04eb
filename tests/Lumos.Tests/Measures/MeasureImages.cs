using OpenCvSharp;

namespace Lumos.Tests.Measures;

/// <summary>Tiny hand-made images for the measure tests.</summary>
internal static class MeasureImages
{
    /// <summary>A 2×2 8-bit grey image with the given samples, row by row.</summary>
    public static Mat Grey(byte a, byte b, byte c, byte d)
    {
        var image = new Mat(2, 2, MatType.CV_8UC1);
        image.Set(0, 0, a);
        image.Set(0, 1, b);
        image.Set(1, 0, c);
        image.Set(1, 1, d);
        return image;
    }

    /// <summary>The same picture at 16 bits (each sample × 257, so 255 maps to 65535).</summary>
    public static Mat To16Bit(Mat image)
    {
        var wide = new Mat();
        image.ConvertTo(wide, MatType.MakeType(MatType.CV_16U, image.Channels()), 257);
        return wide;
    }

    /// <summary>The committed reference input of tests/reference/make_measures.py.</summary>
    public static Mat ReferenceInput() =>
        Cv2.ImRead(Path.Combine(TestData.ReferenceDir, TestData.Reference("measures.json").GetProperty("input").GetString()!), ImreadModes.Unchanged);

    /// <summary>A committed pair of tests/reference/make_full_reference.py ("colour" or "grey"): result and ground truth.</summary>
    public static (Mat Image, Mat Reference) FullReferencePair(string pair)
    {
        var entry = TestData.Reference("full_reference.json").GetProperty(pair);
        return (Read(entry.GetProperty("image").GetString()!), Read(entry.GetProperty("reference").GetString()!));

        static Mat Read(string file) => Cv2.ImRead(Path.Combine(TestData.ReferenceDir, file), ImreadModes.Unchanged);
    }

    /// <summary>A value make_full_reference.py computed for <paramref name="pair"/>, e.g. "ssim-y4".</summary>
    public static double FullReferenceValue(string pair, string key) =>
        TestData.Reference("full_reference.json").GetProperty(pair).GetProperty("values").GetProperty(key).GetDouble();

    /// <summary>The image plus seeded Gaussian noise of standard deviation <paramref name="sigma"/> (saturated).</summary>
    public static Mat WithNoise(Mat image, double sigma, int seed = 3)
    {
        using var noise = new Mat(image.Size(), MatType.MakeType(MatType.CV_32F, image.Channels()));
        var random = new RNG((ulong)seed);
        random.Fill(noise, DistributionType.Normal, Scalar.All(0), Scalar.All(sigma));
        using var wide = new Mat();
        image.ConvertTo(wide, noise.Type());
        Cv2.Add(wide, noise, wide);
        var noisy = new Mat();
        wide.ConvertTo(noisy, image.Type());
        return noisy;
    }
}
