using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Lumos.Cli;
using Spectre.Console.Cli;

namespace Lumos.Tests.Cli;

/// <summary>Defaults have one visible place: the DEFAULT column of --help, filled from each option's DefaultValue.</summary>
public sealed partial class OptionDefaultsTests
{
    private static IEnumerable<PropertyInfo> Options() => typeof(LumosApp).Assembly.GetTypes()
        .Where(t => typeof(CommandSettings).IsAssignableFrom(t))
        .SelectMany(t => t.GetProperties())
        .Where(p => p.GetCustomAttribute<CommandOptionAttribute>() is not null)
        .DistinctBy(p => (p.DeclaringType, p.Name));

    [Fact]
    public void No_description_spells_out_a_fixed_default_the_default_column_shows()
    {
        var offenders = Options()
            .Where(p => FixedDefault().IsMatch(p.GetCustomAttribute<DescriptionAttribute>()?.Description ?? ""))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}: {p.GetCustomAttribute<DescriptionAttribute>()!.Description}")
            .ToArray();
        Assert.True(offenders.Length == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void Every_default_value_fits_its_option_and_shows_in_help()
    {
        var withDefaults = Options().Where(p => p.GetCustomAttribute<DefaultValueAttribute>() is not null).ToArray();
        Assert.True(withDefaults.Length >= 20, $"{withDefaults.Length} options with defaults");
        foreach (var property in withDefaults)
        {
            var value = property.GetCustomAttribute<DefaultValueAttribute>()!.Value;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Assert.True(value is not null && type.IsInstanceOfType(value), $"{property.DeclaringType!.Name}.{property.Name}: default {value} is not a {type.Name}");
        }

        var help = Cli.Run("train", "--help").Out;
        Assert.Contains("DEFAULT", help);
        Assert.Matches(@"--steps <N>\s+1000\s", help);
        Assert.Matches(@"--save-minutes <M>\s+5\s", help);
    }

    [Fact]
    public void An_option_left_out_takes_the_default_its_column_shows()
    {
        using var folder = TestData.TempFolder();
        using (var image = TestData.DarkColour(20, 16)) OpenCvSharp.Cv2.ImWrite(folder.File("a.png"), image);

        var result = Cli.Run("upscale", folder.File("a.png"), "-o", folder.File("b.png"), "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"method\": \"bicubic\"", result.Out);
        using var written = OpenCvSharp.Cv2.ImRead(folder.File("b.png"));
        Assert.Equal((32, 40), (written.Rows, written.Cols)); // --scale 2
    }

    [Fact]
    public void A_parameter_given_with_p_wins_over_the_engine_shortcut()
    {
        using var folder = TestData.TempFolder();
        using (var image = TestData.DarkColour(20, 16)) OpenCvSharp.Cv2.ImWrite(folder.File("a.png"), image);

        var result = Cli.Run("enhance", folder.File("a.png"), "-o", folder.File("b.png"), "-m", "zerodce", "--engine", "onnx", "-p", "engine=torch", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("\"engine\": \"torch\"", result.Out);
    }

    // "(default 95)", "(default)", "medium (default)", "; default lime" — not "(default: the net's recipe)".
    [GeneratedRegex(@"\(default\)|\(default [^:)]|[;,] default[ )]", RegexOptions.IgnoreCase)]
    private static partial Regex FixedDefault();
}
