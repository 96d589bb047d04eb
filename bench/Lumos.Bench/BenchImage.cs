using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Bench;

/// <summary>The photo the benchmark enhances.</summary>
internal static class BenchImage
{
    private const int Width = 4000, Height = 3000;

    /// <summary>Reads <paramref name="path"/>, or builds the default 12-megapixel dark colour photo.</summary>
    public static (Mat Image, string Source) Load(string? path)
    {
        if (path is not null) return (ImageIO.Read(path), path);
        var photo = FindSharedPhoto();
        if (photo is null) return (Synthetic(), $"synthetic {Width}x{Height} (shared/data absent)");
        using var original = ImageIO.Read(photo);
        using var large = new Mat();
        Cv2.Resize(original, large, new Size(Width, Height), interpolation: InterpolationFlags.Cubic);
        var dark = new Mat();
        large.ConvertTo(dark, large.Type(), 0.25); // a quarter of the exposure: a typical low-light input
        return (dark, $"{Path.GetFileName(photo)} resized to {Width}x{Height} (cubic), x0.25");
    }

    private static string? FindSharedPhoto()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var photo = Path.Combine(dir.FullName, "shared", "data", "photos", "Kodak24", "kodim01.png");
                if (File.Exists(photo)) return photo;
            }
        return null;
    }

    /// <summary>Smooth colour gradients with seeded noise, dark like a night shot.</summary>
    private static Mat Synthetic()
    {
        const int rows = Height / 8, cols = Width / 8;
        using var small = new Mat(rows, cols, MatType.CV_8UC3);
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < cols; x++)
            {
                double fx = x / (double)cols, fy = y / (double)rows;
                small.Set(y, x, new Vec3b((byte)(10 + 40 * fx), (byte)(8 + 50 * fx * fy), (byte)(12 + 45 * fy)));
            }
        var image = new Mat();
        Cv2.Resize(small, image, new Size(Width, Height), interpolation: InterpolationFlags.Cubic);
        using var noise = new Mat(image.Size(), image.Type());
        Cv2.Randu(noise, Scalar.All(0), Scalar.All(6));
        Cv2.Add(image, noise, image);
        return image;
    }
}
