using System.Text.Json;

namespace Lumos.Tests.Cli;

/// <summary><c>lumos eval</c> compares one method under two labels, and takes parameters for every method at once.</summary>
public sealed class EvalVariantsTests
{
    [Fact]
    public void One_method_runs_twice_under_variant_labels_with_its_own_parameters()
    {
        using var folder = Data();

        var result = Cli.Run("eval", "-m", "gamma@soft,gamma@strong", "-d", folder.File("data"), "-o", folder.File("report"),
            "--measures", "brightness", "-p", "gamma@soft.gamma=0.9", "-p", "gamma@strong.gamma=0.3");

        Assert.Equal(0, result.ExitCode);
        var brightness = Brightness(folder);
        Assert.True(brightness["gamma@strong"] > brightness["gamma@soft"] + 0.1, $"{brightness["gamma@strong"]} vs {brightness["gamma@soft"]}");
    }

    [Fact]
    public void A_parameter_without_a_method_goes_to_every_method_that_takes_it()
    {
        using var folder = Data();

        var both = Cli.Run("eval", "-m", "gamma@a,gamma@b,identity", "-d", folder.File("data"), "-o", folder.File("report"), "--measures", "brightness", "-p", "gamma=0.3");
        var nobody = Cli.Run("eval", "-m", "identity", "-d", folder.File("data"), "-o", folder.File("other"), "-p", "gamma=0.3");

        Assert.Equal(0, both.ExitCode);
        var command = JsonDocument.Parse(File.ReadAllText(folder.File("report/results.json"))).RootElement.GetProperty("command").GetString();
        Assert.StartsWith("lumos eval -m gamma@a,gamma@b,identity -d ", command); // the command as typed, to rerun it
        var brightness = Brightness(folder);
        Assert.Equal(brightness["gamma@a"], brightness["gamma@b"]);
        Assert.True(brightness["gamma@a"] > brightness["identity"] + 0.1);
        Assert.Equal(2, nobody.ExitCode);
        Assert.Contains("no method of -m takes 'gamma'", nobody.Error);
    }

    private static TempFolder Data()
    {
        var folder = TestData.TempFolder();
        Directory.CreateDirectory(folder.File("data"));
        using var image = TestData.DarkColour(64, 48);
        OpenCvSharp.Cv2.ImWrite(folder.File("data/a.png"), image);
        return folder;
    }

    private static Dictionary<string, double> Brightness(TempFolder folder) =>
        JsonDocument.Parse(File.ReadAllText(folder.File("report/results.json"))).RootElement.GetProperty("records").EnumerateArray()
            .ToDictionary(r => r.GetProperty("method").GetString()!, r => r.GetProperty("values").GetProperty("brightness").GetDouble());
}
