using System.Xml.Linq;

namespace Lumos.Tests.Architecture;

/// <summary>
/// The repository holds two products: Lumos (image restoration: src/, tests/, bench/) and the FFT ocean (ocean/).
/// They share the solution and the build settings, never a project reference; and the core library (src/Lumos)
/// references no other Lumos project, so every part builds on the core and never the other way round.
/// Every *.csproj in the repository is read as text, so a new project is held to the rules without being listed.
/// </summary>
public sealed class ProjectReferenceRulesTests
{
    private const string Core = "src/Lumos/Lumos.csproj";
    private const string Web = "src/Lumos.Web/Lumos.Web.csproj";
    private const string Video = "src/Lumos.Video/Lumos.Video.csproj";

    private static readonly IReadOnlyList<Project> Projects = Project.AllUnder(TestData.RepositoryRoot);

    [Fact]
    public void The_repository_holds_both_products()
    {
        Assert.Contains(Projects, p => p.Path == Core);
        Assert.Contains(Projects, p => p.IsOcean);
    }

    [Fact]
    public void Every_ocean_project_lives_under_the_ocean_folder()
    {
        var misplaced = Projects.Where(p => !p.IsOcean && p.Name.Contains("Ocean", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(misplaced.Select(p => p.Path));
    }

    [Fact]
    public void No_image_project_references_an_ocean_project()
    {
        Assert.Empty(CrossingReferences(Projects).Where(r => !r.From.IsOcean).Select(r => r.ToString()));
    }

    [Fact]
    public void No_ocean_project_references_an_image_project()
    {
        Assert.Empty(CrossingReferences(Projects).Where(r => r.From.IsOcean).Select(r => r.ToString()));
    }

    [Fact]
    public void The_core_references_no_other_Lumos_project()
    {
        var core = Projects.Single(p => p.Path == Core);
        Assert.Empty(core.References);
    }

    [Fact]
    public void The_web_project_builds_on_the_core_and_the_video_part_alone()
    {
        // It holds no image or video logic: what it runs comes from the core's registries and processing job, and from
        // Lumos.Video's video job for uploaded videos.
        Assert.Equal(new[] { Core, Video }.Order(StringComparer.Ordinal), Projects.Single(p => p.Path == Web).References.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_video_part_builds_on_the_core_alone()
    {
        Assert.Equal([Core], Projects.Single(p => p.Path == Video).References);
    }

    [Fact]
    public void Only_the_CLI_the_tests_and_the_bench_reference_the_web_project()
    {
        string[] allowed = ["src/Lumos.Cli/Lumos.Cli.csproj", "tests/Lumos.Tests/Lumos.Tests.csproj", "bench/Lumos.Bench/Lumos.Bench.csproj"];
        var referencing = Projects.Where(p => p.References.Contains(Web)).Select(p => p.Path);
        Assert.Empty(referencing.Except(allowed));
    }

    [Fact]
    public void Every_project_reference_points_at_a_project_in_the_repository()
    {
        var known = Projects.Select(p => p.Path).ToHashSet();
        var dangling = Projects.SelectMany(p => p.References.Where(r => !known.Contains(r)).Select(r => $"{p.Path} → {r}"));
        Assert.Empty(dangling);
    }

    [Fact]
    public void Every_project_is_in_the_solution_so_its_tests_run()
    {
        var solution = XDocument.Load(Path.Combine(TestData.RepositoryRoot, "Lumos.slnx"));
        var listed = solution.Descendants("Project").Select(e => (string)e.Attribute("Path")!).ToHashSet();
        // The fuzz harness stays out on purpose (README, Fuzzing): it would copy libtorch and OpenCV into one more output
        // folder on every build; tests/fuzz/run.sh builds it.
        var unlisted = Projects.Select(p => p.Path).Except(listed).Where(p => !p.StartsWith("tests/fuzz/", StringComparison.Ordinal));
        Assert.Empty(unlisted);
    }

    [Fact]
    public void A_reference_across_the_products_is_caught_in_either_direction()
    {
        var image = new Project("src/Lumos.Cli/Lumos.Cli.csproj", ["ocean/src/Lumos.Ocean/Lumos.Ocean.csproj"]);
        var ocean = new Project("ocean/src/Lumos.Ocean/Lumos.Ocean.csproj", [Core]);
        var crossing = CrossingReferences([image, ocean, new Project(Core, [])]);
        Assert.Equal(["src/Lumos.Cli/Lumos.Cli.csproj → ocean/src/Lumos.Ocean/Lumos.Ocean.csproj", $"ocean/src/Lumos.Ocean/Lumos.Ocean.csproj → {Core}"],
            crossing.Select(r => r.ToString()));
    }

    private static IEnumerable<Reference> CrossingReferences(IReadOnlyList<Project> projects)
    {
        var byPath = projects.ToDictionary(p => p.Path);
        foreach (var from in projects)
            foreach (var path in from.References)
                if (byPath.TryGetValue(path, out var to) && to.IsOcean != from.IsOcean)
                    yield return new Reference(from, to);
    }

    private sealed record Reference(Project From, Project To)
    {
        public override string ToString() => $"{From.Path} → {To.Path}";
    }

    /// <summary>A project file and the projects it references, as paths relative to the repository root with '/'.</summary>
    private sealed record Project(string Path, IReadOnlyList<string> References)
    {
        public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

        public bool IsOcean => Path.StartsWith("ocean/", StringComparison.Ordinal);

        public static IReadOnlyList<Project> AllUnder(string root) =>
            Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
                .Where(file => !IsBuildOutput(System.IO.Path.GetRelativePath(root, file)))
                .Select(file => Read(root, file))
                .OrderBy(p => p.Path, StringComparer.Ordinal)
                .ToList();

        private static Project Read(string root, string file)
        {
            string folder = System.IO.Path.GetDirectoryName(file)!;
            var references = XDocument.Load(file).Descendants("ProjectReference")
                .Select(e => Relative(root, System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, ((string)e.Attribute("Include")!).Replace('\\', '/')))))
                .ToList();
            return new Project(Relative(root, file), references);
        }

        private static string Relative(string root, string path) => System.IO.Path.GetRelativePath(root, path).Replace('\\', '/');

        // bin/ and obj/ may hold copies of project files (restore, pack); only the sources count.
        private static bool IsBuildOutput(string relative) =>
            relative.Split(System.IO.Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git");
    }
}
