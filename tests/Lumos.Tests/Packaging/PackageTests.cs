using System.IO.Compression;
using Lumos.Imaging;
using Lumos.Methods;
using Lumos.SuperResolution;
using OpenCvSharp;
using Xunit.Abstractions;

namespace Lumos.Tests.Packaging;

/// <summary>
/// The packages as a user gets them: a console app outside the repository (none of its Directory.Build files apply)
/// built against the packed libraries, and the packed tool installed into a folder of its own, both run from folders
/// that have nothing to do with the repository. Slow (packing, a restore, a single-file publish, a tool install:
/// about two minutes on 2 cores), so tagged: <c>--filter Category!=Packages</c> leaves them out.
/// </summary>
[Trait("Category", "Packages")]
public sealed class PackageTests(PackageFeed feed, ITestOutputHelper log) : IClassFixture<PackageFeed>
{
    [Fact]
    public void A_fresh_app_built_on_the_packages_enhances_runs_zero_dce_on_both_engines_and_upscales_with_fsrcnn()
    {
        // The application chooses the native packages (the libraries name none) and publishes as one file, so the
        // registry has no Lumos.*.dll to scan and the app registers Lumos.Nets by hand.
        var app = CreateApp("consumer", "Consumer", "<SelfContained>false</SelfContained>", $"""
            <PackageReference Include="Lumos" Version="{feed.Version}" />
            <PackageReference Include="Lumos.Nets" Version="{feed.Version}" />
            <PackageReference Include="OpenCvSharp4.official.runtime.linux-x64" Version="{PackageFeed.PinnedVersion("OpenCvSharp4.official.runtime.linux-x64")}" />
            <PackageReference Include="Microsoft.ML.OnnxRuntime" Version="{PackageFeed.PinnedVersion("Microsoft.ML.OnnxRuntime")}" />
            <PackageReference Include="libtorch-cpu-linux-x64" Version="{PackageFeed.PinnedVersion("libtorch-cpu-linux-x64")}" />
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Lumos.Imaging;
            using Lumos.Methods;
            using Lumos.Registry;
            using Lumos.SuperResolution;

            using var image = ImageIO.Read(args[0]);
            void Save(OpenCvSharp.Mat result, string name) { using (result) ImageIO.Write(result, name, new WriteOptions { Overwrite = true }); }
            Save(Enhancer.Apply(EnhancementMethods.Registry.Create("lime"), image), "lime.png");
            // The registries exist now; adding Lumos.Nets reaches them.
            Console.WriteLine($"zerodce before: {EnhancementMethods.Registry.Contains("zerodce")}");
            LumosAssemblies.Add(typeof(Lumos.Nets.LumosNet).Assembly);
            Console.WriteLine($"zerodce after: {EnhancementMethods.Registry.Contains("zerodce")}");
            Save(Enhancer.Apply(EnhancementMethods.Registry.Create("zerodce"), image), "zerodce.png");
            Save(Enhancer.Apply(EnhancementMethods.Registry.Create("zerodce", [new("engine", "torch")]), image), "zerodce-torch.png");
            Save(Upscaler.Apply(Upscalers.Registry.Create("fsrcnn"), image, 3), "fsrcnn-x3.png");
            Console.WriteLine("done");
            """);

        var publish = Path.Combine(app, "out");
        Succeeds(feed.Run("dotnet", app, "publish", "-c", "Release", "-o", publish, "-nologo"), "consumer publish");
        Assert.False(File.Exists(Path.Combine(publish, "Lumos.dll")), "a single-file app has no Lumos.dll to scan");
        Assert.True(File.Exists(Path.Combine(publish, "models", "mbllen", "LICENSE")), "the MBLLEN weights travel with their licence");
        Assert.True(File.Exists(Path.Combine(publish, "presets", "night-photo.json")), "the presets travel with the core");
        log.WriteLine($"consumer publish folder: {Megabytes(FolderSize(publish))} MB");

        var work = Path.Combine(feed.Root, "consumer-run");
        Directory.CreateDirectory(work);
        var input = Path.Combine(work, "dark.png");
        using (var dark = TestData.DarkColour(48, 40)) Cv2.ImWrite(input, dark);
        var run = feed.Run(Path.Combine(publish, "Consumer"), work, input);
        Succeeds(run, "consumer run");
        Assert.Contains("zerodce before: False", run.Out); // single-file: nothing to scan
        Assert.Contains("zerodce after: True", run.Out);

        using var source = ImageIO.Read(input);
        using var lime = Enhancer.Apply(EnhancementMethods.Registry.Create("lime"), source);
        using var zeroDce = Enhancer.Apply(EnhancementMethods.Registry.Create("zerodce"), source);
        using var upscaled = Upscaler.Apply(Upscalers.Registry.Create("fsrcnn"), source, 3);
        // The packaged app computes what the repository's build computes; libtorch loaded (the weak GLIBCXX need).
        AssertClose(lime, Path.Combine(work, "lime.png"), 0);
        AssertClose(zeroDce, Path.Combine(work, "zerodce.png"), 1);
        AssertClose(zeroDce, Path.Combine(work, "zerodce-torch.png"), 2);
        AssertClose(upscaled, Path.Combine(work, "fsrcnn-x3.png"), 1);
        Assert.True(Cv2.Mean(zeroDce).Val0 > Cv2.Mean(source).Val0 + 10, "Zero-DCE brightens");
    }

    [Fact]
    public void A_trimmed_self_contained_app_keeps_every_registered_method_when_it_roots_lumos()
    {
        // As the README says: components are built by reflection, so a trimmed app roots the Lumos assemblies it uses.
        var app = CreateApp("trimmed", "Trimmed", "<SelfContained>true</SelfContained><PublishTrimmed>true</PublishTrimmed>", $"""
            <PackageReference Include="Lumos" Version="{feed.Version}" />
            <PackageReference Include="OpenCvSharp4.official.runtime.linux-x64" Version="{PackageFeed.PinnedVersion("OpenCvSharp4.official.runtime.linux-x64")}" />
            <TrimmerRootAssembly Include="Lumos" />
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Lumos.Imaging;
            using Lumos.Methods;

            using var image = ImageIO.Read(args[0]);
            Console.WriteLine($"methods: {string.Join(",", EnhancementMethods.Registry.All.Select(m => m.Name))}");
            foreach (var name in new[] { "lime", "msrcr", "dong", "clahe" })
                using (var result = Enhancer.Apply(EnhancementMethods.Registry.Create(name), image))
                    ImageIO.Write(result, name + ".png", new WriteOptions { Overwrite = true });
            """);

        var publish = Path.Combine(app, "out");
        Succeeds(feed.Run("dotnet", app, "publish", "-c", "Release", "-o", publish, "-nologo"), "trimmed publish");
        log.WriteLine($"trimmed publish folder: {Megabytes(FolderSize(publish))} MB");

        var work = Path.Combine(feed.Root, "trimmed-run");
        Directory.CreateDirectory(work);
        var input = Path.Combine(work, "dark.png");
        using (var dark = TestData.DarkColour(48, 40)) Cv2.ImWrite(input, dark);
        var run = Succeeds(feed.Run(Path.Combine(publish, "Trimmed"), work, input), "trimmed run");

        // The trimmed app's registry is the core's whole registry, and it computes what the repository's build computes.
        var core = EnhancementMethods.Registry.All.Where(m => m.Type.Assembly == typeof(Enhancer).Assembly).Select(m => m.Name);
        Assert.Contains($"methods: {string.Join(",", core)}", run.Out);
        using var source = ImageIO.Read(input);
        foreach (var name in new[] { "lime", "msrcr", "dong", "clahe" })
        {
            using var expected = Enhancer.Apply(EnhancementMethods.Registry.Create(name), source);
            AssertClose(expected, Path.Combine(work, name + ".png"), 0);
        }
    }

    [Fact]
    public void The_tool_installs_from_the_feed_and_runs_from_an_unrelated_folder()
    {
        var package = new FileInfo(feed.Package("Lumos.Cli"));
        using (var zip = ZipFile.OpenRead(package.FullName))
        {
            var names = zip.Entries.Select(e => e.Name).ToArray();
            Assert.DoesNotContain("libtorch_python.so", names);
            Assert.DoesNotContain("libtorch_cpu.so", names);
            Assert.DoesNotContain("onnxruntime.dll", names);
            Assert.Contains("libonnxruntime.so", names);
            Assert.Contains("fsrcnn-x3.lumosnet", names);
            log.WriteLine($"tool package: {Megabytes(package.Length)} MB compressed, {Megabytes(zip.Entries.Sum(e => e.Length))} MB unpacked");
        }
        Assert.True(package.Length < 120L << 20, $"the tool package is {Megabytes(package.Length)} MB");

        var tools = Path.Combine(feed.Root, "tools");
        Succeeds(feed.Run("dotnet", feed.Root, "tool", "install", "Lumos.Cli", "--version", feed.Version, "--tool-path", tools, "--add-source", feed.Feed), "tool install");
        log.WriteLine($"tool installed: {Megabytes(FolderSize(tools))} MB (its .store and the shim)");
        var lumos = Path.Combine(tools, "lumos");

        var work = Path.Combine(feed.Root, "tool-run");
        var data = Path.Combine(work, "photos");
        Directory.CreateDirectory(data);
        for (int seed = 1; seed <= 2; seed++)
            using (var dark = TestData.DarkColour(40, 32, seed)) Cv2.ImWrite(Path.Combine(data, $"p{seed}.png"), dark);

        var version = Succeeds(feed.Run(lumos, work, "--version"), "lumos --version");
        Assert.Equal(LumosVersion.Current, version.Out.Trim());
        // The report of a machine still comes without libtorch: what is missing is one of its rows.
        var system = Succeeds(feed.Run(lumos, work, "info", "--system"), "lumos info --system");
        Assert.Contains("cannot load libtorch", system.Out);
        Assert.Contains("its convolutions match float64", system.Out);

        Succeeds(feed.Run(lumos, work, "upscale", "photos/p1.png", "-o", "big.png", "-m", "fsrcnn", "-s", "3"), "lumos upscale");
        using (var big = Cv2.ImRead(Path.Combine(work, "big.png"))) Assert.Equal(new Size(120, 96), big.Size());

        Succeeds(feed.Run(lumos, work, "eval", "-m", "identity,he,zerodce", "-d", "photos", "-o", "report"), "lumos eval");
        Assert.True(File.Exists(Path.Combine(work, "report", "report.html")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(work, "report", "charts"), "*.png")); // Lumos.Charts came along

        // Training needs libtorch, which the tool leaves out: one plain error, and nothing copied into the tool's folder.
        var before = FolderSize(tools);
        var train = feed.Run(lumos, work, "train", "zerodce", "-d", "photos", "-o", "z.lumosnet", "--steps", "1");
        Assert.NotEqual(0, train.ExitCode);
        Assert.Contains("cannot load libtorch", train.Error);
        Assert.Contains("onnx engine", train.Error);
        Assert.Equal(before, FolderSize(tools));
    }

    /// <summary>A single-file linux-x64 console app outside the repository, in a folder of its own with the feed's nuget.config; Program.cs is the caller's.</summary>
    private string CreateApp(string folder, string name, string properties, string items)
    {
        var app = Path.Combine(feed.Root, folder);
        Directory.CreateDirectory(app);
        File.Copy(Path.Combine(feed.Root, "nuget.config"), Path.Combine(app, "nuget.config"));
        File.WriteAllText(Path.Combine(app, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
                <PublishSingleFile>true</PublishSingleFile>
                {properties}
              </PropertyGroup>
              <ItemGroup>
            {items}
              </ItemGroup>
            </Project>
            """);
        return app;
    }

    private Cli.Cli.Result Succeeds(Cli.Cli.Result result, string what)
    {
        log.WriteLine($"{what}: exit {result.ExitCode}");
        Assert.True(result.ExitCode == 0, $"{what} failed ({result.ExitCode}):\n{result.Out}\n{result.Error}");
        return result;
    }

    private static void AssertClose(Mat expected, string path, double tolerance)
    {
        using var actual = ImageIO.Read(path);
        Assert.Equal(expected.Size(), actual.Size());
        Assert.True(Cv2.Norm(expected, actual, NormTypes.INF) <= tolerance, $"{Path.GetFileName(path)} differs by more than {tolerance}");
    }

    private static long FolderSize(string folder) => new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
