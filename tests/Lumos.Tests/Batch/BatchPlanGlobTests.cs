using Lumos.Batch;

namespace Lumos.Tests.Batch;

/// <summary>Globs with wildcards in folder names and '**' for any depth; outputs mirror the folders below the root.</summary>
public sealed class BatchPlanGlobTests
{
    [Fact]
    public void Double_star_matches_images_at_any_depth_and_outputs_mirror_the_folders()
    {
        using var folder = TestData.TempFolder();
        foreach (var file in new[] { "photos/a.png", "photos/day/b.png", "photos/day/night/c.jpg", "photos/day/notes.txt", "other/d.png" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.File(file))!);
            File.WriteAllText(folder.File(file), "");
        }

        var items = BatchPlan.Create([folder.File("photos/**/*")], folder.File("out"));

        Assert.Equal(
            [("photos/a.png", "out/a.png"), ("photos/day/b.png", "out/day/b.png"), ("photos/day/night/c.jpg", "out/day/night/c.jpg")],
            items.Select(i => (Path.GetRelativePath(folder.Path, i.Input), Path.GetRelativePath(folder.Path, i.Output))));
    }

    [Fact]
    public void A_wildcard_in_a_folder_name_matches_those_folders()
    {
        using var folder = TestData.TempFolder();
        foreach (var file in new[] { "cam1/x.png", "cam2/x.png", "archive/x.png" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.File(file))!);
            File.WriteAllText(folder.File(file), "");
        }

        var items = BatchPlan.Create([folder.File("cam*/*.png")], folder.File("out"));

        Assert.Equal(["out/cam1/x.png", "out/cam2/x.png"], items.Select(i => Path.GetRelativePath(folder.Path, i.Output)));
    }

    [Theory]
    [InlineData("FOLDER")]
    [InlineData("FOLDER/**/*.png")]
    public void An_output_folder_inside_the_input_folder_is_not_read_back_as_input(string input)
    {
        using var folder = TestData.TempFolder();
        foreach (var file in new[] { "photos/a.png", "photos/day/b.png", "photos/out/a.png", "photos/out/day/b.png" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.File(file))!);
            File.WriteAllText(folder.File(file), "");
        }

        // The second run of `lumos run p.json photos -o photos/out -r`: last run's results are outputs, not inputs.
        var items = BatchPlan.Create([input.Replace("FOLDER", folder.File("photos"))], folder.File("photos/out"), recursive: true);

        Assert.Equal(
            [("photos/a.png", "photos/out/a.png"), ("photos/day/b.png", "photos/out/day/b.png")],
            items.Select(i => (Path.GetRelativePath(folder.Path, i.Input), Path.GetRelativePath(folder.Path, i.Output))));
    }
}
