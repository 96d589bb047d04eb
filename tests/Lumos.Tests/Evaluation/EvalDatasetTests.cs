using Lumos.Evaluation;
using OpenCvSharp;

namespace Lumos.Tests.Evaluation;

public sealed class EvalDatasetTests
{
    [Fact]
    public void Paired_layout_matches_names_and_lists_the_unmatched()
    {
        using var folder = TestData.TempFolder();
        Write(folder, "low/1.png", "low/2.png", "low/3.png", "high/1.png", "high/2.png", "high/9.png");

        var dataset = EvalDataset.Load(folder.Path);

        Assert.True(dataset.IsPaired);
        Assert.Equal(["1", "2"], dataset.Samples.Select(s => s.Name));
        Assert.Equal(folder.File("high/2.png"), dataset.Samples[1].GroundTruth);
        Assert.Equal(2, dataset.Problems.Count);
        Assert.Contains(dataset.Problems, p => p.Contains("3.png: no ground truth"));
        Assert.Contains(dataset.Problems, p => p.Contains("9.png: no input"));
    }

    [Fact]
    public void Lol_eval15_layout_is_found_under_the_dataset_folder()
    {
        using var folder = TestData.TempFolder();
        Write(folder, "eval15/low/22.png", "eval15/high/22.png");
        var dataset = EvalDataset.Load(folder.Path);
        Assert.Equal("22", Assert.Single(dataset.Samples).Name);
        Assert.True(dataset.IsPaired);
    }

    [Fact]
    public void Plain_folder_is_unpaired()
    {
        using var folder = TestData.TempFolder();
        Write(folder, "a.png", "b.jpg");
        File.WriteAllText(folder.File("notes.txt"), "ignored");
        var dataset = EvalDataset.Load(folder.Path);
        Assert.False(dataset.IsPaired);
        Assert.Equal(["a", "b"], dataset.Samples.Select(s => s.Name));
    }

    [Fact]
    public void Pairs_csv_reads_relative_paths_skips_the_header_and_lists_missing_files()
    {
        using var folder = TestData.TempFolder();
        Write(folder, "x/dark.png", "y/bright.png");
        File.WriteAllText(folder.File("pairs.csv"), "input,ground_truth\nx/dark.png,y/bright.png\nx/gone.png,y/bright.png\n");

        var dataset = EvalDataset.Load(folder.File("pairs.csv"));

        Assert.Equal("pairs", dataset.Name);
        var sample = Assert.Single(dataset.Samples);
        Assert.Equal(folder.File("y/bright.png"), sample.GroundTruth);
        Assert.Contains("pairs.csv:3", Assert.Single(dataset.Problems));
    }

    [Fact]
    public void Dataset_with_nothing_usable_is_an_error_naming_the_reason()
    {
        using var folder = TestData.TempFolder();
        Write(folder, "low/1.png", "high/2.png");
        var error = Assert.Throws<LumosException>(() => EvalDataset.Load(folder.Path));
        Assert.Contains("no usable images", error.Message);
        Assert.Throws<LumosException>(() => EvalDataset.Load(folder.File("nowhere")));
    }

    [Fact]
    public void Samples_sharing_a_stem_are_named_by_their_paths_not_pooled()
    {
        using var folder = TestData.TempFolder();
        Write(folder, "a/x.png", "b/x.png", "ga/x.png", "gb/x.png", "plain/c.png", "plain/c.jpg", "plain/d.png");
        File.WriteAllText(folder.File("scenes.csv"), "a/x.png,ga/x.png\nb/x.png,gb/x.png\n");

        Assert.Equal(["a/x.png", "b/x.png"], EvalDataset.Load(folder.File("scenes.csv")).Samples.Select(s => s.Name));
        Assert.Equal(["c.jpg", "c.png", "d"], EvalDataset.Load(folder.File("plain")).Samples.Select(s => s.Name));
    }

    [Fact]
    public void Datasets_in_folders_of_one_name_are_named_by_their_paths_not_pooled()
    {
        using var folder = TestData.TempFolder();
        Write(folder, "LOLv1/test/a.png", "LOLv2/test/a.png", "other/b.png");
        string[] paths = [folder.File("LOLv1/test"), folder.File("LOLv2/test"), folder.File("other")];

        var datasets = EvalDataset.NamedApart([.. paths.Select(p => (p, EvalDataset.Load(p)))]);

        Assert.Equal(["LOLv1/test", "LOLv2/test", "other"], datasets.Select(d => d.Name));
        var twice = Assert.Throws<LumosException>(() => EvalDataset.NamedApart([(paths[2], datasets[2]), (paths[2] + "/", datasets[2])]));
        Assert.Contains("dataset given twice", twice.Message);
    }

    internal static void Write(TempFolder folder, params string[] names)
    {
        using var image = TestData.DarkColour(32, 24);
        foreach (var name in names)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.File(name))!);
            Cv2.ImWrite(folder.File(name), image);
        }
    }
}
