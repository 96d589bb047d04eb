using System.ComponentModel;
using System.Diagnostics;
using System.Numerics;
using OpenCvSharp;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumos.Ocean.Render;

/// <summary>Settings of <c>lumos-ocean render</c>.</summary>
public sealed class RenderSettings : CommandSettings
{
    /// <summary>Output: .png renders one still, anything else a video through ffmpeg.</summary>
    [CommandOption("-o|--output <FILE>"), Description("Output file: .png for a still, .mp4 for a video (needs /usr/bin/ffmpeg)")]
    public string Output { get; init; } = "";

    /// <summary>Wind speed, m/s.</summary>
    [CommandOption("--wind <MS>"), Description("Wind speed at 10 m, m/s"), DefaultValue(12.0)]
    public double Wind { get; init; } = 12;

    /// <summary>Fetch, m.</summary>
    [CommandOption("--fetch <M>"), Description("Fetch, m"), DefaultValue(100_000.0)]
    public double Fetch { get; init; } = 100_000;

    /// <summary>Video length, s.</summary>
    [CommandOption("--seconds <S>"), Description("Video length, s"), DefaultValue(10.0)]
    public double Seconds { get; init; } = 10;

    /// <summary>Time of the still, s.</summary>
    [CommandOption("--time <S>"), Description("Simulation time of a still, s"), DefaultValue(6.0)]
    public double Time { get; init; } = 6;

    /// <summary>Frames per second of the video.</summary>
    [CommandOption("--fps <N>"), Description("Video frame rate"), DefaultValue(30)]
    public int Fps { get; init; } = 30;

    /// <summary>Stereo side by side.</summary>
    [CommandOption("--stereo"), Description("Render left and right eyes side by side")]
    public bool Stereo { get; init; }

    /// <summary>Interpupillary distance, m.</summary>
    [CommandOption("--ipd <M>"), Description("Distance between the eyes, m"), DefaultValue(0.064f)]
    public float Ipd { get; init; } = 0.064f;

    /// <summary>Width of one eye, px.</summary>
    [CommandOption("--width <PX>"), Description("Image width per eye, px"), DefaultValue(960)]
    public int Width { get; init; } = 960;

    /// <summary>Height, px.</summary>
    [CommandOption("--height <PX>"), Description("Image height, px"), DefaultValue(540)]
    public int Height { get; init; } = 540;

    /// <summary>Random seed of the sea.</summary>
    [CommandOption("--seed <N>"), Description("Seed of the wave field"), DefaultValue(1)]
    public int Seed { get; init; } = 1;

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Output)) return ValidationResult.Error("-o|--output is required");
        if (Width < 8 || Height < 8) return ValidationResult.Error("image must be at least 8x8");
        if (Fps < 1 || Seconds <= 0) return ValidationResult.Error("--fps and --seconds must be positive");
        return ValidationResult.Success();
    }
}

/// <summary><c>lumos-ocean render</c>: simulates the sea and a few floating bodies at 60 Hz and renders frames.</summary>
public sealed class RenderCommand : Command<RenderSettings>
{
    private const float PhysicsRate = 60;
    private const string Ffmpeg = "/usr/bin/ffmpeg";

    /// <inheritdoc />
    public override int Execute(CommandContext context, RenderSettings settings, CancellationToken cancellationToken)
    {
        var scene = new SeaScene(settings.Wind, settings.Fetch, settings.Seed);
        var renderer = new OceanRenderer();
        var head = new Camera(new Vector3(0, 3.5f, 0), new Vector3(0, -0.12f, -1), settings.Width, settings.Height, 65);
        Mat Frame() => settings.Stereo
            ? renderer.RenderStereo(scene.Ocean, scene.Bodies, head, settings.Ipd)
            : renderer.Render(scene.Ocean, scene.Bodies, new[] { head })[0];
        if (Path.GetExtension(settings.Output).Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            scene.AdvanceTo(settings.Time);
            using var still = Frame();
            Cv2.ImWrite(settings.Output, still);
            Console.WriteLine($"wrote {settings.Output} ({still.Width}x{still.Height}, t = {settings.Time:0.##} s, Hs = {scene.SignificantWaveHeight:0.00} m)");
            return 0;
        }
        string frames = Path.ChangeExtension(settings.Output, null) + "-frames";
        Directory.CreateDirectory(frames);
        int count = (int)Math.Round(settings.Seconds * settings.Fps);
        var clock = Stopwatch.StartNew();
        for (int f = 0; f < count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            scene.AdvanceTo(f / (double)settings.Fps);
            using var image = Frame();
            Cv2.ImWrite(Path.Combine(frames, $"frame_{f:00000}.png"), image);
        }
        Console.WriteLine($"rendered {count} frames in {clock.Elapsed.TotalSeconds:0.0} s into {frames}");
        if (!File.Exists(Ffmpeg))
        {
            Console.Error.WriteLine($"lumos-ocean: {Ffmpeg} not found: PNG frames left in {frames}; encode them with ffmpeg -framerate {settings.Fps} -i frame_%05d.png {settings.Output}");
            return 3;
        }
        using var encode = Process.Start(new ProcessStartInfo(Ffmpeg, $"-y -loglevel error -framerate {settings.Fps} -i \"{Path.Combine(frames, "frame_%05d.png")}\" -c:v libx264 -pix_fmt yuv420p \"{settings.Output}\"")
        {
            UseShellExecute = false,
        })!;
        encode.WaitForExit();
        if (encode.ExitCode != 0)
        {
            Console.Error.WriteLine($"lumos-ocean: ffmpeg failed with exit code {encode.ExitCode}; frames left in {frames}");
            return 4;
        }
        Directory.Delete(frames, recursive: true);
        Console.WriteLine($"wrote {settings.Output}");
        return 0;
    }
}
