using Lumos.Methods;
using Lumos.Processing;
using Lumos.SuperResolution;
using OpenCvSharp;

namespace Lumos.Tests.Processing;

public sealed class PipelineTests
{
    [Fact]
    public void Lime_then_fsrcnn_x2_from_json_equals_applying_the_two_by_hand()
    {
        using var input = TestData.DarkColour(48, 32);
        using var pipeline = Pipeline.Parse("""[{"type":"lime","gamma":0.7},{"type":"fsrcnn","scale":2}]""", "test.json");
        var lime = EnhancementMethods.Registry.Create("lime", [new("gamma", "0.7")]);
        var fsrcnn = Upscalers.Registry.Create("fsrcnn");

        using var chained = Processor.Apply(pipeline, input);
        using var enhanced = Enhancer.Apply(lime, input);
        using var byHand = Upscaler.Apply(fsrcnn, enhanced, 2);

        Assert.Equal(2, pipeline.Scale);
        Assert.Null(pipeline.Margin); // lime's illumination is global
        Assert.Equal(0, Cv2.Norm(chained, byHand, NormTypes.INF));
        (fsrcnn as IDisposable)?.Dispose();
    }

    [Fact]
    public void Shared_settings_reach_the_steps_that_take_them_and_a_steps_own_setting_wins()
    {
        KeyValuePair<string, string>[] shared = [new("engine", "tensorflow")];
        using var input = TestData.DarkColour(24, 16);

        // gamma takes no engine and ignores it; fsrcnn takes it and checks it when built.
        var error = Assert.Throws<LumosException>(() => Pipeline.Parse("""[{"type":"gamma"},{"type":"fsrcnn","scale":2}]""", "test.json", shared));
        Assert.Equal("test.json: step 2: unknown engine 'tensorflow' (onnx or torch)", error.Message);
        Assert.True(error.IsUsageError);
        using var ownWins = Pipeline.Parse("""[{"type":"gamma"},{"type":"fsrcnn","scale":2,"engine":"onnx"}]""", "test.json", shared);
        using var output = Processor.Apply(ownWins, input);
        Assert.Equal((32, 48), (output.Rows, output.Cols));
    }

    [Fact]
    public void A_misspelt_key_of_a_preset_object_is_an_error_not_ignored()
    {
        var error = Assert.Throws<LumosException>(() => Pipeline.Parse("""{"description":"x","steps":[{"type":"gamma"}],"stepz":[]}""", "p.json"));
        Assert.Equal("p.json: unknown key 'stepz' (a preset object has \"description\" and \"steps\")", error.Message);
    }

    [Fact]
    public void Margins_add_up_on_the_input_grid_and_scales_multiply()
    {
        using var pipeline = Pipeline.Parse("""[{"type":"bicubic","scale":2},{"type":"bicubic","scale":3}]""", "test.json");
        Assert.Equal(6, pipeline.Scale);
        Assert.Equal(4 + 2, pipeline.Margin); // the second bicubic's 4 pixels are 2 input pixels after ×2
    }

    [Fact]
    public void Banded_pipeline_equals_the_whole_image_run()
    {
        using var input = TestData.DarkColour(40, 120);
        using var pipeline = Pipeline.Parse("""[{"type":"bicubic","scale":2},{"type":"fsrcnn","scale":2}]""", "test.json");
        using var whole = Processor.Apply(pipeline, input);
        using var banded = Processor.Apply(pipeline, input, bandPixels: 40L * 4 * 4 * 20);
        Assert.True(Cv2.Norm(whole, banded, NormTypes.INF) <= 1, "banded output differs from the whole-image run");
    }

    [Fact]
    public void Every_method_that_declares_a_margin_gives_the_same_image_in_bands_as_whole()
    {
        using var input = TestData.DarkColour(36, 150);
        var banded = Lumos.Methods.EnhancementMethods.Registry.All.Where(m => m.Name != "onnx").Select(m => m.Name).ToList();
        foreach (var name in banded)
        {
            using var operation = Operations.Create(name, []);
            if (operation.Margin is null) continue;
            using var whole = Processor.Apply(operation, input, bandPixels: long.MaxValue);
            using var bands = Processor.Apply(operation, input, bandPixels: 36L * 20);
            Assert.True(Cv2.Norm(whole, bands, NormTypes.INF) <= 1, $"{name}: bands differ from the whole image");
        }
        // The curves run in bands, so a curve before an upscaler does not make the pipeline hold whole images.
        using var curveThenUpscale = Pipeline.Parse("""[{"type":"gamma"},{"type":"bicubic","scale":2}]""", "p.json");
        Assert.Equal(4, curveThenUpscale.Margin);
    }

    [Theory]
    [InlineData("bicubic", 2)]
    [InlineData("fsrcnn", 2)]
    [InlineData("espcn", 3)]
    [InlineData("srcnn", 3)]
    public void Every_operation_with_a_margin_gives_the_same_image_in_bands_as_whole(string upscaler, int scale)
    {
        using var input = TestData.DarkColour(36, 150);
        using var operation = new UpscaleOperation(Upscalers.Registry.Create(upscaler), scale);
        using var whole = Processor.Apply(operation, input);
        using var banded = Processor.Apply(operation, input, bandPixels: 36L * scale * scale * 25);
        // 8-bit outputs: within 1e-4 of the range means equal, but for a net's float rounding landing on a .5 boundary.
        Assert.True(Cv2.Norm(whole, banded, NormTypes.INF) <= 1, $"{upscaler}: bands differ from the whole image");
    }

    [Theory]
    [InlineData("""{"steps": 3}""", "expected an array of steps")]
    [InlineData("""[{"gamma": 0.5}]""", "step 1 needs a \"type\"")]
    [InlineData("""[{"type":"gamma"},{"type":"nosuch"}]""", "step 2: unknown operation 'nosuch'")]
    [InlineData("""[{"type":"gamma","scale":2}]""", "gamma: an enhancement method takes no scale")]
    [InlineData("""[{"type":"gamma","gamma":"bright"}]""", "gamma='bright' is not a number")]
    [InlineData("""[{"type":"gamma",""", "not valid JSON")]
    [InlineData("""[]""", "my.json: a pipeline needs at least one step")]
    [InlineData("""[{"type":"gamma","gamma":0.5,"gamma":2}]""", "my.json: step 1: 'gamma' is given 2 times")] // JSON would let the last win unseen
    [InlineData("""[{"type":"clahe","clip-limit":2,"limits":{"clip-limit":3}}]""", "'clip-limit' is given 2 times")]
    [InlineData("""[{"type":"clahe","limits":{"type":"lime","clip-limit":3}}]""", "unknown parameter 'type'")]
    public void Bad_pipelines_get_one_line_that_names_the_file_and_step(string json, string expected)
    {
        var error = Assert.Throws<LumosException>(() => Pipeline.Parse(json, "my.json"));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_relative_weights_file_is_found_beside_the_pipeline_from_any_working_folder()
    {
        using var folder = TestData.TempFolder();
        Directory.CreateDirectory(folder.File("presets"));
        File.Copy(Lumos.Nets.Checkpoints.Checkpoint.Resolve("fsrcnn-x2"), folder.File("presets/mine.lumosnet"));
        File.WriteAllText(folder.File("presets/mine.json"), """[{"type":"fsrcnn","scale":2,"weights":"mine.lumosnet"}]""");
        using var input = TestData.DarkColour(40, 30);

        using var beside = Pipeline.Load(folder.File("presets/mine.json")); // the test's working folder is elsewhere
        using var shipped = Pipeline.Parse("""[{"type":"fsrcnn","scale":2,"weights":"fsrcnn-x2"}]""", "s.json");
        using var a = Processor.Apply(beside, input);
        using var b = Processor.Apply(shipped, input);
        Assert.Equal(0, Cv2.Norm(a, b, NormTypes.INF));
        // A shipped name still means the shipped model when nothing of that name lies beside the pipeline.
        File.WriteAllText(folder.File("presets/named.json"), """[{"type":"fsrcnn","scale":2,"weights":"fsrcnn-x2"}]""");
        using var named = Pipeline.Load(folder.File("presets/named.json"));
        using var c = Processor.Apply(named, input);
        Assert.Equal(0, Cv2.Norm(b, c, NormTypes.INF));
    }

    [Fact]
    public void Nested_settings_objects_count_as_the_steps_own()
    {
        using var input = TestData.DarkColour(32, 24);
        using var nested = Pipeline.Parse("""[{"type":"clahe","limits":{"clip-limit":3}}]""", "n.json");
        using var flat = Pipeline.Parse("""[{"type":"clahe","clip-limit":3}]""", "f.json");
        using var a = Processor.Apply(nested, input);
        using var b = Processor.Apply(flat, input);
        Assert.Equal(0, Cv2.Norm(a, b, NormTypes.INF));
    }
}
