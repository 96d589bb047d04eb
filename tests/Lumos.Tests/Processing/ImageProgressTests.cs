using Lumos.Processing;
using OpenCvSharp;

namespace Lumos.Tests.Processing;

public sealed class ImageProgressTests
{
    [Fact]
    public void Nested_parts_fill_their_share_of_the_image()
    {
        var seen = new List<double>();
        using (ImageProgress.Track(seen.Add))
        using (ImageProgress.Part(1, 4))       // the second of four bands: 0.25 .. 0.5
        {
            ImageProgress.Report(1, 2);         // half its tiles
            using (ImageProgress.Part(1, 2)) ImageProgress.Report(1, 1);
        }
        ImageProgress.Report(1, 1);             // nobody listens any more

        Assert.Equal([0.375, 0.5], seen);
    }

    [Fact]
    public void Bands_of_a_large_upscale_report_in_order_up_to_the_whole_image()
    {
        var seen = new List<double>();
        using var image = new Mat(64, 30, MatType.CV_8UC3, Scalar.All(90));
        using var operation = Operations.Create("bicubic", [new(Operations.ScaleKey, "2")]);

        using (ImageProgress.Track(seen.Add))
        using (var result = Processor.Apply(operation, image, bandPixels: 30 * 2 * 2 * 16)) // 16 input rows a band
            Assert.Equal((128, 60), (result.Rows, result.Cols));

        Assert.Equal([0.25, 0.5, 0.75, 1.0], seen);
    }

    [Fact]
    public void A_pipeline_gives_each_step_its_share()
    {
        var seen = new List<double>();
        using var image = new Mat(8, 8, MatType.CV_8UC3, Scalar.All(40));
        using var pipeline = Pipeline.Parse("""[{"type":"gamma"},{"type":"he"}]""", "test.json");

        using (ImageProgress.Track(seen.Add))
        using (Processor.Apply(pipeline, image)) { }

        Assert.Equal([0.5, 1.0], seen);
    }
}
