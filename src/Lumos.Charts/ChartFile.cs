using Lumos.Imaging;

namespace Lumos.Charts;

/// <summary>Writes a ScottPlot chart as an 800×400 PNG through the command's <see cref="OutputGuard"/> (atomic, never over an input).</summary>
internal static class ChartFile
{
    public static void Write(ScottPlot.Plot plot, string path, OutputGuard guard, bool overwrite) =>
        guard.Write(path, plot.GetImageBytes(800, 400, ScottPlot.ImageFormat.Png), overwrite);
}
