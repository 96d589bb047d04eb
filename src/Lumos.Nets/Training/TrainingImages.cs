using System.Globalization;
using Lumos.Imaging;
using OpenCvSharp;

namespace Lumos.Nets.Training;

/// <summary>
/// The decoded images of a training run, held in memory as 8-bit BGR (with their shrunk copies where scale augmentation
/// is asked for), and the random crops each step takes from them.
/// </summary>
public sealed class TrainingImages : IDisposable
{
    private readonly List<Mat> images;

    private TrainingImages(List<Mat> images, IReadOnlyList<string> files)
    {
        this.images = images;
        Files = files;
    }

    /// <summary>The files the images were read from (unreadable files left out).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>How many images were read (shrunk copies not counted).</summary>
    public int Count => Files.Count;

    /// <summary>How many images crops are drawn from: the images and their shrunk copies.</summary>
    public int Variants => images.Count;

    /// <summary>Every image file under <paramref name="folder"/> (recursively), in a fixed order.</summary>
    /// <exception cref="LumosException">No such folder.</exception>
    public static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.Exists(folder)
            ? [.. ImageFolder.Images(folder, recursive: true).Order(StringComparer.Ordinal)]
            : throw new LumosException($"{folder}: no such training folder");

    /// <summary>
    /// Splits <paramref name="files"/> into training and validation files: a seeded shuffle, then the first
    /// round(<paramref name="fraction"/>·count) files (at least one) are held out. Fewer than
    /// <paramref name="minimumFiles"/> files (or a fraction of 0) hold nothing out, so tiny folders train on everything.
    /// </summary>
    public static (IReadOnlyList<string> Training, IReadOnlyList<string> Validation) Split(IReadOnlyList<string> files, double fraction, int seed, int minimumFiles = 20)
    {
        if (fraction <= 0 || files.Count < Math.Max(2, minimumFiles)) return (files, []);
        var shuffled = files.ToArray();
        new Random(seed).Shuffle(shuffled);
        int held = Math.Clamp((int)Math.Round(fraction * files.Count), 1, files.Count - 1);
        return ([.. shuffled[held..].Order(StringComparer.Ordinal)], [.. shuffled[..held].Order(StringComparer.Ordinal)]);
    }

    /// <summary>The most an image is enlarged to hold one crop.</summary>
    public const int MaxUpscale = 2;

    /// <summary>
    /// Reads <paramref name="files"/> as 8-bit BGR, each upscaled (area) where its shorter side is below <paramref name="crop"/>
    /// (by at most <see cref="MaxUpscale"/>: more would invent the content and can take gigabytes for a mistyped crop),
    /// and adds a copy of each shrunk by every factor of <paramref name="shrink"/> (MATLAB bicubic, antialiased): the scale
    /// augmentation of FSRCNN §4.1 (0.9, 0.8, 0.7, 0.6), which multiplies the distinct content of a small set such as the
    /// 291 images. Copies whose shorter side falls below <paramref name="crop"/> are left out.
    /// </summary>
    /// <exception cref="LumosException">None of them is readable, one is too small for the crop, or a factor is not in (0, 1).</exception>
    public static TrainingImages Read(IReadOnlyList<string> files, int crop, string what, IReadOnlyList<double>? shrink = null)
    {
        shrink ??= [];
        foreach (double factor in shrink)
            if (!(factor > 0 && factor < 1)) throw new LumosException($"shrink factors must lie between 0 and 1, got {factor.ToString(CultureInfo.InvariantCulture)}");
        var images = new List<Mat>();
        var read = new List<string>();
        foreach (var file in files)
        {
            var image = Cv2.ImRead(file, ImreadModes.Color);
            if (image.Empty()) { image.Dispose(); continue; }
            int side = Math.Min(image.Rows, image.Cols);
            if (side * MaxUpscale < crop)
            {
                var size = $"{image.Cols}×{image.Rows}";
                image.Dispose();
                foreach (var kept in images) kept.Dispose();
                throw new LumosException($"{file}: {size} is too small for {crop}-px crops (shorter side at least {(crop + MaxUpscale - 1) / MaxUpscale}; use a smaller crop)");
            }
            if (side < crop) Cv2.Resize(image, image, new Size(), (double)crop / side + 1e-9, (double)crop / side + 1e-9, InterpolationFlags.Area);
            images.Add(image);
            read.Add(file);
            foreach (double factor in shrink)
            {
                var copy = MatlabResize.Bicubic(image, factor);
                if (Math.Min(copy.Rows, copy.Cols) >= crop) images.Add(copy);
                else copy.Dispose();
            }
        }
        if (images.Count == 0) throw new LumosException($"{what}: no readable images to train on");
        if (shrink.Count > 0 && images.Count == read.Count)
        {
            foreach (var image in images) image.Dispose();
            throw new LumosException($"shrink factors {string.Join(',', shrink.Select(f => f.ToString(CultureInfo.InvariantCulture)))}: every shrunk copy of {what} is smaller than a {crop}-px crop, so they would add nothing (use factors nearer 1)");
        }
        return new TrainingImages(images, read);
    }

    /// <summary>
    /// <paramref name="count"/> clean crops of side <paramref name="crop"/>, randomly placed, flipped and transposed, every draw
    /// from <paramref name="random"/>. The caller disposes them.
    /// </summary>
    public List<Mat> RandomCrops(int count, int crop, Random random)
    {
        var crops = new List<Mat>();
        for (int i = 0; i < count; i++)
        {
            var image = images[random.Next(images.Count)];
            int x = random.Next(image.Cols - crop + 1), y = random.Next(image.Rows - crop + 1);
            var patch = new Mat(image, new Rect(x, y, crop, crop)).Clone();
            if (random.Next(2) == 1) Cv2.Flip(patch, patch, FlipMode.Y);
            if (random.Next(2) == 1) Cv2.Flip(patch, patch, FlipMode.X);
            if (random.Next(2) == 1) Cv2.Transpose(patch, patch);
            crops.Add(patch);
        }
        return crops;
    }

    /// <summary>The centre crop of side <paramref name="crop"/> of every image (views; valid while this object lives).</summary>
    public List<Mat> CentreCrops(int crop) =>
        [.. images.Select(image => new Mat(image, new Rect((image.Cols - crop) / 2, (image.Rows - crop) / 2, crop, crop)))];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var image in images) image.Dispose();
        images.Clear();
    }
}
