using System.Text.Json;
using Lumos.Evaluation;
using OpenCvSharp;

namespace Lumos.Tests.Evaluation;

public sealed class EvaluationRunnerTests
{
    [Fact]
    public void Runner_measures_every_method_on_every_image_and_is_deterministic()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "a.png", "b.png", "c.png");
        var dataset = EvalDataset.Load(folder.Path);
        var options = new EvalOptions { Methods = ["identity", "gamma"], Measures = ["brightness", "entropy"] };

        var first = EvaluationRunner.Run([dataset], options);
        var second = EvaluationRunner.Run([dataset], options);

        Assert.Equal(6, first.Records.Count);
        Assert.Equal(first.Records.Select(r => r.Values["brightness"]), second.Records.Select(r => r.Values["brightness"]));
        // Gamma 0.5 brightens: every gamma record is brighter than the identity record of the same image.
        foreach (var image in new[] { "a", "b", "c" })
            Assert.True(first.Records.Single(r => r.Image == image && r.Method == "gamma").Values["brightness"]
                      > first.Records.Single(r => r.Image == image && r.Method == "identity").Values["brightness"]);
        Assert.Equal(3 * 3, first.Thumbnails.Count);
    }

    [Fact]
    public void Size_mismatch_between_input_and_ground_truth_is_reported_and_skipped()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "low/1.png", "high/1.png", "low/2.png");
        using (var other = new Mat(10, 10, MatType.CV_8UC3, Scalar.All(5))) Cv2.ImWrite(folder.File("high/2.png"), other);

        var result = EvaluationRunner.Run([EvalDataset.Load(folder.Path)], new EvalOptions { Methods = ["identity"], Measures = ["brightness"] });

        Assert.Single(result.Records);
        Assert.Contains("ground truth is 10×10, input is 32×24", Assert.Single(result.Problems));
    }

    [Fact]
    public void Report_writes_csv_json_markdown_html_and_charts_and_refuses_to_overwrite()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "data/a.png", "data/b.png");
        var result = EvaluationRunner.Run([EvalDataset.Load(folder.File("data"))],
            new EvalOptions { Methods = ["identity", "he", "gamma"], Measures = ["brightness", "entropy"] });
        var report = folder.File("report");

        EvalReport.Write(result, report, EvalReport.RunInfo.Current("test"), overwrite: false, Lumos.Charts.EvalCharts.Render);

        var csv = File.ReadAllLines(Path.Combine(report, "results.csv"));
        Assert.Equal("dataset,method,image,width,height,ms,ms_per_mp,brightness,entropy", csv[0]);
        Assert.Equal(1 + 3 * 2, csv.Length);
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "results.json"))).RootElement;
        Assert.Equal(Environment.ProcessorCount, json.GetProperty("cores").GetInt32());
        Assert.Equal("test", json.GetProperty("command").GetString());
        Assert.Contains(json.GetProperty("methods").EnumerateArray(), m => m.GetProperty("name").GetString() == "gamma"
            && m.GetProperty("parameters").GetProperty("gamma").GetString() == "0.5");
        var markdown = File.ReadAllText(Path.Combine(report, "summary.md"));
        Assert.Contains("| method | brightness | entropy | ms/MP ↓ |", markdown);
        var html = File.ReadAllText(Path.Combine(report, "report.html"));
        Assert.Contains("data:image/jpeg;base64,", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.True(File.Exists(Path.Combine(report, "charts", "data-runtime.png")));

        var again = Assert.Throws<LumosException>(() => EvalReport.Write(result, report, EvalReport.RunInfo.Current(), overwrite: false));
        Assert.Contains("already holds a report", again.Message);
    }

    [Fact]
    public void An_exact_result_makes_the_mean_psnr_infinite_without_a_spread_and_a_replaced_report_drops_old_charts()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "set/low/a.png", "set/high/a.png", "set/low/b.png");
        using (var other = TestData.DarkColour(32, 24, seed: 7)) Cv2.ImWrite(folder.File("set/high/b.png"), other);
        var result = EvaluationRunner.Run([EvalDataset.Load(folder.File("set"))], new EvalOptions { Methods = ["identity", "gamma"], Measures = ["psnr", "ssim"] });

        var cell = EvalSummary.Of(result).Single(c => c.Measure == "psnr" && c.Method == "identity");
        Assert.True(double.IsPositiveInfinity(cell.Mean));
        Assert.True(double.IsNaN(cell.Std)); // not "± 0": a spread around infinity is undefined
        var report = folder.File("report");
        EvalReport.Write(result, report, EvalReport.RunInfo.Current(), overwrite: false, Lumos.Charts.EvalCharts.Render);
        Assert.Contains("| identity | **inf** | ", File.ReadAllText(Path.Combine(report, "summary.md")));
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "results.json"))).RootElement;
        Assert.Equal("Infinity", json.GetProperty("summary").EnumerateArray()
            .Single(c => c.GetProperty("measure").GetString() == "psnr" && c.GetProperty("method").GetString() == "identity").GetProperty("mean").GetString());

        var fewer = EvaluationRunner.Run([EvalDataset.Load(folder.File("set"))], new EvalOptions { Methods = ["identity", "gamma"], Measures = ["ssim"] });
        var before = Directory.GetFiles(Path.Combine(report, "charts")).Select(Path.GetFileName).ToArray();
        EvalReport.Write(fewer, report, EvalReport.RunInfo.Current(), overwrite: true, Lumos.Charts.EvalCharts.Render);
        var after = Directory.GetFiles(Path.Combine(report, "charts")).Select(Path.GetFileName).ToArray();
        Assert.Contains("set-psnr.png", before);
        Assert.Equal(["set-runtime.png", "set-ssim.png"], after.Order());
    }

    [Fact]
    public void A_label_with_markdown_characters_stays_one_cell_of_the_summary_table()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "data/a.png");
        var result = EvaluationRunner.Run([EvalDataset.Load(folder.File("data"))],
            new EvalOptions { Methods = ["gamma@dim|*x*"], Measures = ["brightness"] });

        var markdown = EvalReport.Markdown(result, EvalSummary.Of(result), EvalReport.RunInfo.Current("test"));

        var row = Assert.Single(markdown.Split('\n'), line => line.StartsWith("| gamma", StringComparison.Ordinal));
        Assert.StartsWith(@"| gamma@dim\|\*x\* | ", row);
        var header = markdown.Split('\n').Single(line => line.StartsWith("| method |", StringComparison.Ordinal));
        Assert.Equal(header.Count(c => c == '|'), row.Replace(@"\|", "").Count(c => c == '|')); // as many cells as the header
    }

    [Fact]
    public void Eval_command_prints_the_summary_and_reports_left_out_files()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "set/low/1.png", "set/high/1.png", "set/low/2.png");

        var result = Tests.Cli.Cli.Run("eval", "-m", "identity,clahe", "-d", folder.File("set"), "-o", folder.File("report"), "--measures", "brightness");

        Assert.Equal(1, result.ExitCode); // the report is written, but a left-out file is not a success...
        Assert.Contains("### set (1 images, paired)", result.Out);
        Assert.Contains("2.png: no ground truth", result.Error);
        Assert.True(File.Exists(folder.File("report/report.html")));

        var allowed = Tests.Cli.Cli.Run("eval", "-m", "identity,clahe", "-d", folder.File("set"), "-o", folder.File("report"), "--measures", "brightness", "--overwrite", "--allow-skipped");
        Assert.Equal(0, allowed.ExitCode); // ...unless allowed
    }

    [Fact]
    public void A_measure_undefined_for_an_image_leaves_a_gap_not_a_lost_sample()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "small.png");

        var result = EvaluationRunner.Run([EvalDataset.Load(folder.Path)], new EvalOptions { Methods = ["identity"], Measures = ["brightness", "niqe"] });

        var record = Assert.Single(result.Records);
        Assert.True(record.Values.ContainsKey("brightness"));
        Assert.False(record.Values.ContainsKey("niqe"));
        Assert.Contains("niqe not measured", Assert.Single(result.Problems));

        // The command says so without calling the kept image skipped, and succeeds.
        var cli = Tests.Cli.Cli.Run("eval", "-m", "identity", "-d", folder.Path, "-o", folder.File("report"), "--measures", "brightness,niqe");
        Assert.True(cli.ExitCode == 0, cli.Error);
        Assert.StartsWith("lumos: ", cli.Error);
        Assert.Contains("niqe not measured", cli.Error);
        Assert.DoesNotContain("skipped", cli.Error);
    }

    [Fact]
    public void A_named_full_reference_measure_on_unpaired_data_is_reported_once_not_dropped_silently()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "a.png", "b.png");

        var named = EvaluationRunner.Run([EvalDataset.Load(folder.Path)], new EvalOptions { Methods = ["identity"], Measures = ["brightness", "psnr"] });
        var defaults = EvaluationRunner.Run([EvalDataset.Load(folder.Path)], new EvalOptions { Methods = ["identity"] });

        Assert.Contains("psnr not measured (it compares with a ground truth, and the dataset has none)", Assert.Single(named.Problems));
        Assert.All(named.Records, r => Assert.True(r.Values.ContainsKey("brightness")));
        Assert.DoesNotContain(defaults.Problems, p => p.Contains("ground truth")); // (NIQE may leave its own gap on these small images)
    }

    [Fact]
    public void Loe_compares_with_the_input_so_it_runs_on_unpaired_data_and_is_zero_for_identity()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "a.png");

        var result = EvaluationRunner.Run([EvalDataset.Load(folder.Path)], new EvalOptions { Methods = ["identity", "msrcr"] });

        Assert.Equal(0, result.Records.Single(r => r.Method == "identity").Values["loe"]);
        Assert.True(result.Records.Single(r => r.Method == "msrcr").Values["loe"] > 0);
        Assert.DoesNotContain(result.Measures, m => m.Name == "psnr");
    }

    [Fact]
    public void Super_resolution_mode_degrades_ground_truths_and_scores_upscalers_on_y()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "hr/a.png");   // 32×24: cropped to 30×24 at scale 3

        var result = EvaluationRunner.Run([EvalDataset.Load(folder.File("hr"))],
            new EvalOptions { Methods = ["bicubic"], Task = new SuperResolutionTask(3) });

        var record = Assert.Single(result.Records);
        Assert.Equal((30, 24), (record.Width, record.Height));
        Assert.Equal(["psnr", "ssim"], result.Measures.Select(m => m.Name));
        Assert.InRange(record.Values["psnr"], 15, 60);
        Assert.InRange(record.Values["ssim"], 0, 1);
        // The report says how the numbers were made: the degradation, and Y with a 3-pixel border crop.
        Assert.StartsWith("super-resolution ×3", result.Task);
        Assert.Equal(("y", "3"), (result.MeasureParameters!["psnr"]["channel"], result.MeasureParameters["psnr"]["crop-border"]));
        var markdown = EvalReport.Markdown(result, EvalSummary.Of(result), EvalReport.RunInfo.Current());
        Assert.Contains("psnr (channel=y, crop-border=3)", markdown);
    }

    [Fact]
    public void Eval_command_passes_parameters_per_method()
    {
        using var folder = TestData.TempFolder();
        EvalDatasetTests.Write(folder, "set/a.png");

        var ok = Tests.Cli.Cli.Run("eval", "-m", "gamma", "-d", folder.File("set"), "-o", folder.File("r1"), "--measures", "brightness", "-p", "gamma.gamma=0.3", "--json");
        var bad = Tests.Cli.Cli.Run("eval", "-m", "gamma", "-d", folder.File("set"), "-o", folder.File("r2"), "-p", ".gamma=0.3");

        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("\"gamma\": \"0.3\"", ok.Out);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("expected [method.]name=value", bad.Error);
    }
}
