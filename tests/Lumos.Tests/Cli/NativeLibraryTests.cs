using Lumos.Imaging;

namespace Lumos.Tests.Cli;

/// <summary>A machine without OpenCV's system libraries gets one line that names what is missing, never a stack trace.</summary>
public sealed class NativeLibraryTests
{
    // What .NET 10 threw on a fresh Debian 12 machine before .ci/install-deps had installed GTK 3.
    private const string WithoutGtk = """
        Unable to load shared library 'OpenCvSharpExtern' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: 
        /work/runs/cli10/OpenCvSharpExtern.so: cannot open shared object file: No such file or directory
        /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/OpenCvSharpExtern.so: cannot open shared object file: No such file or directory
        libgtk-3.so.0: cannot open shared object file: No such file or directory
        /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libOpenCvSharpExtern.so: cannot open shared object file: No such file or directory
        /work/runs/cli10/OpenCvSharpExtern: cannot open shared object file: No such file or directory
        """;

    [Fact]
    public void The_reason_is_the_missing_dependency_not_the_paths_tried()
    {
        var thrown = new TypeInitializationException("OpenCvSharp.Internal.NativeMethods", new DllNotFoundException(WithoutGtk));
        Assert.Equal("libgtk-3.so.0 missing", NativeLibraries.Reason(thrown, "OpenCvSharpExtern"));
    }

    [Fact]
    public void A_missing_symbol_version_is_the_reason_even_when_it_names_the_library()
    {
        var thrown = new DllNotFoundException("""
            Unable to load shared library 'torch_cpu' or one of its dependencies.
            /app/libtorch_cpu.so: cannot open shared object file: No such file or directory
            /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /pkgs/libtorch_cpu.so)
            """);
        Assert.Equal("/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /pkgs/libtorch_cpu.so)",
            NativeLibraries.Reason(thrown, "torch_cpu"));
        var absent = new DllNotFoundException("Unable to load shared library 'torch_cpu' or one of its dependencies.\n/app/libtorch_cpu.so: cannot open shared object file: No such file or directory");
        Assert.Equal("torch_cpu not found", NativeLibraries.Reason(absent, "torch_cpu"));
    }

    [Fact]
    public async Task Without_OpenCVs_native_library_the_cli_says_so_in_one_line()
    {
        // The built CLI's folder without libOpenCvSharpExtern.so: managed files copied (the host resolves symlinks to the
        // real folder), native libraries linked.
        using var folder = TestData.TempFolder();
        var app = folder.File("app");
        Directory.CreateDirectory(app);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            var name = Path.GetFileName(file);
            if (name == "libOpenCvSharpExtern.so") continue;
            if (name.Contains(".so", StringComparison.Ordinal)) File.CreateSymbolicLink(Path.Combine(app, name), file);
            else File.Copy(file, Path.Combine(app, name));
        }
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "libOpenCvSharpExtern.so")), "the test expects OpenCV's native library beside the CLI");

        var output = folder.File("out.png");
        var result = await Cli.RunProgram("dotnet", folder.Path, null, Path.Combine(app, "Lumos.Cli.dll"),
            "enhance", Path.Combine(TestData.Samples, "dark-coffee.png"), "-o", output);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("lumos: cannot load OpenCV's native library (OpenCvSharpExtern not found): install", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(File.Exists(output));

        // Help and the version need no OpenCV: a newcomer on a machine without GTK can still read them.
        foreach (var ask in new[] { new[] { "--version" }, ["--help"], ["enhance", "--help"] })
        {
            var answer = await Cli.RunProgram("dotnet", folder.Path, null, [Path.Combine(app, "Lumos.Cli.dll"), .. ask]);
            Assert.True(answer.ExitCode == 0, string.Join(' ', ask) + ": " + answer.Error);
            Assert.NotEmpty(answer.Out);
        }
    }
}
