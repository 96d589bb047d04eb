using System.Xml.Linq;

namespace Lumos.Tests.Architecture;

/// <summary>
/// The library packages leave the native builds to the application (no runtime identifier, no platform's native
/// package), and the core package carries no chart library (ScottPlot brings SkiaSharp and HarfBuzz for every platform).
/// </summary>
public sealed class PackageRulesTests
{
    private static readonly string[] Libraries = ["Lumos", "Lumos.Onnx", "Lumos.Nets", "Lumos.Video", "Lumos.Charts"];

    /// <summary>Packages that carry native libraries of particular platforms, or pull them in.</summary>
    private static bool IsNative(string package) =>
        package.StartsWith("OpenCvSharp4.official.runtime.", StringComparison.OrdinalIgnoreCase)
        || package.StartsWith("OpenCvSharp4.runtime.", StringComparison.OrdinalIgnoreCase)
        || package.StartsWith("libtorch-", StringComparison.OrdinalIgnoreCase)
        || package.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase)
        || (package.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.OrdinalIgnoreCase) && !package.EndsWith(".Managed", StringComparison.OrdinalIgnoreCase));

    private static XDocument Project(string name) => XDocument.Load(Path.Combine(TestData.RepositoryRoot, "src", name, name + ".csproj"));

    private static IEnumerable<string> PackageReferences(string name) =>
        Project(name).Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!);

    [Theory]
    [MemberData(nameof(LibraryNames))]
    public void A_library_package_references_no_native_runtime_and_is_packable(string name)
    {
        Assert.DoesNotContain(PackageReferences(name), IsNative);
        Assert.Equal("true", Project(name).Descendants("IsPackable").Single().Value);
    }

    [Fact]
    public void The_core_references_no_chart_library()
    {
        Assert.DoesNotContain(PackageReferences("Lumos"), p => p.StartsWith("ScottPlot", StringComparison.OrdinalIgnoreCase) || p.StartsWith("SkiaSharp", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_rule_knows_the_native_packages_the_applications_choose()
    {
        var chosen = PackageReferences("Lumos.Cli").Where(IsNative).Order(StringComparer.Ordinal);
        Assert.Equal(["Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Gpu.Linux", "OpenCvSharp4.official.runtime.linux-x64", "libtorch-cpu-linux-x64"], chosen);
        Assert.False(IsNative("Microsoft.ML.OnnxRuntime.Managed"));
    }

    public static TheoryData<string> LibraryNames() => new(Libraries);
}
