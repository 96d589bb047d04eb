using Lumos.Ocean.Render;
using OpenCvSharp;
using Spectre.Console.Cli;

namespace Lumos.Ocean.Tests.Render;

public sealed class RenderCommandTests
{
    [Fact]
    public void Render_still_writes_a_side_by_side_stereo_png()
    {
        string path = Path.Combine(Path.GetTempPath(), $"lumos-ocean-{Guid.NewGuid():N}.png");
        try
        {
            int code = new CommandApp<RenderCommand>().Run(new[] { "-o", path, "--stereo", "--width", "32", "--height", "18", "--time", "0.05" });
            Assert.Equal(0, code);
            using var image = Cv2.ImRead(path);
            Assert.Equal(new Size(64, 18), image.Size());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Render_without_an_output_fails()
    {
        Assert.NotEqual(0, new CommandApp<RenderCommand>().Run(new[] { "--wind", "12" }));
    }
}
