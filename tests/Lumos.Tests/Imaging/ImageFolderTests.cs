using Lumos.Imaging;

namespace Lumos.Tests.Imaging;

public sealed class ImageFolderTests
{
    [Fact]
    public void Lists_supported_images_in_ordinal_order_and_leaves_other_files_out()
    {
        using var folder = Files("b.png", "B.JPG", "a.tif", "notes.txt", "raw.cr2", "c.webp");
        Assert.Equal(Paths(folder, "B.JPG", "a.tif", "b.png", "c.webp"), ImageFolder.Images(folder.Path));
    }

    [Fact]
    public void Descends_into_sub_folders_only_when_recursive()
    {
        using var folder = Files("top.png", "day/one.png", "day/night/two.bmp");
        Assert.Equal(Paths(folder, "top.png"), ImageFolder.Images(folder.Path));
        Assert.Equal(Paths(folder, "day/night/two.bmp", "day/one.png", "top.png"), ImageFolder.Images(folder.Path, recursive: true));
    }

    [Fact]
    public void A_sub_folder_named_like_an_image_is_listed_when_not_descended_into_so_its_reader_reports_it()
    {
        using var folder = Files("a.png", "trap.png/inner.png");
        Assert.Equal(Paths(folder, "a.png", "trap.png"), ImageFolder.Images(folder.Path));
        Assert.Equal(Paths(folder, "a.png", "trap.png/inner.png"), ImageFolder.Images(folder.Path, recursive: true));
    }

    [Fact]
    public void Matching_applies_the_glob_to_image_files_only()
    {
        using var folder = Files("cam1_a.png", "cam2_b.png", "cam1_c.txt", "other.png", "cam1_dir.png/x.png");
        Assert.Equal(Paths(folder, "cam1_a.png"), ImageFolder.Matching(folder.Path, "cam1_*"));
        Assert.Equal(Paths(folder, "cam1_a.png", "cam2_b.png"), ImageFolder.Matching(folder.Path, "cam?_*.png"));
    }

    private static TempFolder Files(params string[] names)
    {
        var folder = TestData.TempFolder();
        foreach (var name in names)
        {
            var path = folder.File(name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, [0]);
        }
        return folder;
    }

    private static string[] Paths(TempFolder folder, params string[] names) => names.Select(folder.File).ToArray();
}
