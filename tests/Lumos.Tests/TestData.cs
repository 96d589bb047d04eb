using System.Text.Json;
using OpenCvSharp;

namespace Lumos.Tests;

/// <summary>Where test inputs live and small synthetic images every test can share.</summary>
internal static class TestData
{
    /// <summary>The repo's bundled samples folder (copied next to the test assembly).</summary>
    public static string Samples => Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>Committed reference values produced by scripts under tests/reference/.</summary>
    public static string ReferenceDir => Path.Combine(AppContext.BaseDirectory, "reference");

    /// <summary>The repository's root folder: the first folder above the test assembly that holds Lumos.slnx.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Lumos.slnx"))) return dir.FullName;
            throw new InvalidOperationException("Lumos.slnx not found above the test assembly");
        }
    }

    /// <summary>../shared/data beside the repo root, or null when absent (tests then skip visibly).</summary>
    public static string? SharedData
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate)) return candidate;
            }
            return null;
        }
    }

    /// <summary>Skips the calling test (visibly) when ../shared/data is absent.</summary>
    public static string RequireShared()
    {
        var dir = SharedData;
        Skip.If(dir is null, "../shared/data is absent: data-dependent test skipped");
        return dir!;
    }

    /// <summary>Parses a JSON reference file under tests/reference/.</summary>
    public static JsonElement Reference(string fileName) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceDir, fileName))).RootElement;

    /// <summary>A PNG of 1×1 whose header then claims 60000×60000: the limit must stop it before decoding.</summary>
    public static byte[] PngBomb()
    {
        using var tiny = new Mat(1, 1, MatType.CV_8UC3, Scalar.All(10));
        Cv2.ImEncode(".png", tiny, out var png);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 60000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 60000);
        return png;
    }

    /// <summary>A deterministic dark colour test image (smooth shapes plus seeded noise), 8-bit BGR.</summary>
    public static Mat DarkColour(int width = 96, int height = 64, int seed = 1)
    {
        var image = new Mat(height, width, MatType.CV_8UC3);
        var random = new Random(seed);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double fx = x / (double)width, fy = y / (double)height;
                double b = 10 + 25 * fx + 8 * Math.Sin(7 * fy);
                double g = 8 + 30 * fy * fx;
                double r = 12 + 35 * (1 - fx) * fy + ((x / 16 + y / 16) % 2) * 10;
                image.Set(y, x, new Vec3b(Noisy(b), Noisy(g), Noisy(r)));
            }
        return image;

        byte Noisy(double v) => (byte)Math.Clamp(Math.Round(v + random.NextDouble() * 6 - 3), 0, 255);
    }

    /// <summary>A temporary folder deleted when disposed.</summary>
    public static TempFolder TempFolder() => new();

    /// <summary>A subfolder of <paramref name="folder"/> holding three seeded <see cref="DarkColour"/> PNGs: a tiny training set.</summary>
    public static string TrainingImages(TempFolder folder, int width, int height, string name = "data")
    {
        var data = System.IO.Path.Combine(folder.Path, name);
        Directory.CreateDirectory(data);
        for (int seed = 1; seed <= 3; seed++)
        {
            using var image = DarkColour(width, height, seed);
            Cv2.ImWrite(System.IO.Path.Combine(data, $"image{seed}.png"), image);
        }
        return data;
    }
}

/// <summary>A fresh folder under the system temp directory, removed on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lumos-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
