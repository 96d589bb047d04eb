using System.Xml.Linq;

namespace Lumos.Tests.Packaging;

/// <summary>
/// Packs the library packages and the tool once, from the built Release outputs, into a feed under /tmp with a
/// version of their own (so no stale package of the same version in a NuGet cache can stand in for them), and writes
/// a nuget.config beside it: that feed and nuget.org as sources, a private packages folder (deleted with the feed),
/// and the machine's packages folder as a read-only fallback, so the third-party packages need no download.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    /// <summary>The packable projects, each with its package id.</summary>
    public static readonly string[] Projects = ["Lumos", "Lumos.Onnx", "Lumos.Nets", "Lumos.Video", "Lumos.Charts", "Lumos.Cli"];

    public PackageFeed()
    {
        Root = Path.Combine(Path.GetTempPath(), "lumos-packages-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        Packages = Path.Combine(Root, "packages");
        Directory.CreateDirectory(Feed);
        Version = $"{LumosVersion.Current}-test.{Path.GetFileName(Root)[^12..]}";

        // One MSBuild run packs them all (a dotnet start per project costs more than the packing).
        var projects = string.Join(";", Projects.Select(p => Path.Combine(TestData.RepositoryRoot, "src", p, p + ".csproj")));
        var properties = $"Configuration={Configuration};NoBuild=true;Version={Version};PackageOutputPath={Feed}/;NuspecOutputPath={Root}/nuspec/%(Filename)/";
        File.WriteAllText(Path.Combine(Root, "pack.proj"), $"""
            <Project>
              <ItemGroup><PackProject Include="{projects}" /></ItemGroup>
              <Target Name="Pack"><MSBuild Projects="@(PackProject)" Targets="Pack" Properties="{properties}" /></Target>
            </Project>
            """);
        var pack = Run("dotnet", Root, "msbuild", "pack.proj", "-t:Pack", "-nologo", "-v:m");
        if (pack.ExitCode != 0) throw new InvalidOperationException($"packing failed:\n{pack.Out}\n{pack.Error}");

        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Packages}" /></config>
              <packageSources>
                <clear />
                <add key="lumos-test-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <fallbackPackageFolders><add key="machine" value="{MachinePackages}" /></fallbackPackageFolders>
            </configuration>
            """);
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The folder holding everything: feed, packages, nuget.config, and what the tests make in it.</summary>
    public string Root { get; }

    /// <summary>The folder feed with the .nupkg and .snupkg files.</summary>
    public string Feed { get; }

    /// <summary>The private NuGet packages folder.</summary>
    public string Packages { get; }

    /// <summary>The version the packages were given.</summary>
    public string Version { get; }

    /// <summary>The machine's NuGet packages folder, where the repository's restore put the third-party packages.</summary>
    public static string MachinePackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder ? folder
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The package of <paramref name="id"/>.</summary>
    public string Package(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>The version the repository pins for <paramref name="package"/> (Directory.Packages.props).</summary>
    public static string PinnedVersion(string package) =>
        XDocument.Load(Path.Combine(TestData.RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == package).Attribute("Version")!.Value;

    /// <summary>
    /// Runs a program with NuGet pointed at this feed's folders (packages, HTTP cache, no first-run messages), its
    /// output captured.
    /// </summary>
    internal Cli.Cli.Result Run(string program, string workingDirectory, params string[] args)
    {
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Packages,
            ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(Root, "http-cache"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            // `dotnet test` passes its MSBuild's settings to the test host; a child build must find its own.
            ["MSBuildExtensionsPath"] = null, ["MSBUILD_EXE_PATH"] = null, ["MSBuildSDKsPath"] = null,
        };
        return Cli.Cli.RunProgram(program, workingDirectory, environment, args).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // a file still held open: /tmp is cleaned anyway
    }
}
