using Lumos.Methods;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Tests.Registry;

public sealed class MethodRegistryTests
{
    public static TheoryData<string> MethodNames()
    {
        var data = new TheoryData<string>();
        foreach (var method in EnhancementMethods.Registry.All) data.Add(method.Name);
        return data;
    }

    /// <summary>Methods that run a file the user names get one: the shipped Zero-DCE exported to ONNX.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Required(string name) =>
        name == "onnx" ? [new("model", Nets.Onnx.OnnxTestModels.ZeroDce)] : [];

    [Theory, MemberData(nameof(MethodNames))]
    public void Every_method_builds_from_its_defaults_and_keeps_size_and_type(string name)
    {
        var method = EnhancementMethods.Registry.Create(name, Required(name));
        foreach (var (width, height) in new[] { (2, 2), (37, 53) })
            foreach (var type in new[] { MatType.CV_8UC1, MatType.CV_8UC3, MatType.CV_8UC4, MatType.CV_16UC3 })
            {
                using var input = Imaging.ImageIOTests.RandomImage(type, width, height);
                using var copy = input.Clone();
                using var output = Enhancer.Apply(method, input);
                Assert.Equal(input.Size(), output.Size());
                Assert.Equal(input.Type(), output.Type());
                Assert.Equal(0, Cv2.Norm(input, copy, NormTypes.INF));
            }
    }

    [Theory, MemberData(nameof(MethodNames))]
    public void Every_method_is_deterministic_and_documented(string name)
    {
        var info = EnhancementMethods.Registry.Get(name);
        Assert.NotEmpty(info.Summary);
        Assert.NotEmpty(info.Citation);
        Assert.All(info.Parameters, p => Assert.NotEmpty(p.Description));
        Assert.Equal(OptionsBinder.Kebab(info.Name), info.Name);
        using var input = TestData.DarkColour(40, 30);
        using var first = EnhancementMethods.Registry.Create(name, Required(name)).Enhance(input);
        using var second = EnhancementMethods.Registry.Create(name, Required(name)).Enhance(input);
        Assert.Equal(0, Cv2.Norm(first, second, NormTypes.INF));
    }

    [Fact]
    public void Parameters_bind_by_kebab_name_and_defaults_round_trip_as_text()
    {
        foreach (var info in EnhancementMethods.Registry.All)
        {
            var asText = info.Parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.DefaultText)).Concat(Required(info.Name));
            var method = info.Create(asText);
            Assert.NotNull(method);
        }
    }

    [Fact]
    public void Methods_command_lists_every_registered_method()
    {
        var result = Tests.Cli.Cli.Run("methods");
        Assert.Equal(0, result.ExitCode);
        foreach (var info in EnhancementMethods.Registry.All) Assert.Contains(info.Name, result.Out);
        foreach (var info in Lumos.SuperResolution.Upscalers.Registry.All) Assert.Contains(info.Name, result.Out);
    }

    [Fact]
    public void Methods_command_shows_an_upscalers_parameters_by_name()
    {
        var result = Tests.Cli.Cli.Run("methods", "fsrcnn");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("upscaler", result.Out);
        foreach (var parameter in Lumos.SuperResolution.Upscalers.Registry.Get("fsrcnn").Parameters) Assert.Contains(parameter.Name, result.Out);
    }

    [Theory]
    [InlineData("srcnn", "Shipped: ×3 (default ×3)")]
    [InlineData("fsrcnn", "Shipped: ×2, ×3, ×4 (default ×2)")]
    [InlineData("srresnet", "No shipped model: set weights")]
    public void Methods_command_says_which_scales_an_upscaler_has_shipped_models_for(string upscaler, string expected)
    {
        var result = Tests.Cli.Cli.Run("methods", upscaler);
        // The table wraps the description over its rows: put the column's pieces back together.
        var description = result.Out.Split('\n').Select(line => line.Split('│')).Where(cells => cells.Length > 3).Select(cells => cells[2].Trim());
        Assert.Contains(expected, string.Join(" ", description));
    }
}
