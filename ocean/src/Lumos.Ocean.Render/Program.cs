using Spectre.Console.Cli;

namespace Lumos.Ocean.Render;

internal static class Program
{
    public static int Main(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("lumos-ocean");
            config.AddCommand<RenderCommand>("render").WithDescription("Render the FFT ocean with floating bodies to a PNG still or an MP4 (mono or stereo side by side).")
                .WithExample("render", "--wind", "12", "--seconds", "10", "--stereo", "-o", "sea.mp4")
                .WithExample("render", "--wind", "8", "--time", "6", "-o", "still.png");
        });
        return app.Run(args);
    }
}
