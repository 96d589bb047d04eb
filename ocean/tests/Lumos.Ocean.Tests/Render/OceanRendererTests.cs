using System.Numerics;
using Lumos.Ocean.Render;
using OpenCvSharp;

namespace Lumos.Ocean.Tests.Render;

public sealed class OceanRendererTests
{
    private static readonly RenderOptions Small = new() { MapSize = 96, MapCell = 0.5f, Sun = new Vector3(0, 1, 0.2f) };

    [Fact]
    public void Flat_sea_renders_identical_views_for_both_eyes()
    {
        var head = new Camera(new Vector3(0, 2, 0), new Vector3(0, -0.2f, -1), 64, 36);
        using var frame = new OceanRenderer(Small).RenderStereo(new FlatWater(0), Array.Empty<FloatingBody>(), head, 0.064f);
        Assert.Equal(128, frame.Width);
        using var left = frame[new Rect(0, 0, 64, 36)];
        using var right = frame[new Rect(64, 0, 64, 36)];
        using var diff = new Mat();
        Cv2.Absdiff(left, right, diff);
        Assert.Equal(0, Cv2.CountNonZero(diff.Reshape(1)));
        Assert.True(Cv2.Mean(left).Val0 > 5, "frame is black");
    }

    [Fact]
    public void Stereo_eyes_see_a_floating_sphere_shifted_by_the_expected_disparity()
    {
        const float ipd = 0.3f, distance = 3;
        var head = new Camera(new Vector3(0, 0.5f, 0), new Vector3(0, 0, -1), 128, 72);
        var sphere = FloatingBody.Sphere(0.4f, 500);
        sphere.Position = new Vector3(0, 0.5f, -distance);
        var (left, right) = head.Stereo(ipd);
        var eyes = new OceanRenderer(Small).Render(new FlatWater(0), new[] { sphere }, new[] { left, right });
        double disparity = RedCentroid(eyes[0]) - RedCentroid(eyes[1]);
        double expected = head.Focal * ipd / distance; // pinhole: Δx = f·b/Z
        Assert.Equal(expected, disparity, 0.5);
        foreach (var e in eyes) e.Dispose();
    }

    [Fact]
    public void Waves_change_the_picture_and_the_same_state_renders_the_same()
    {
        var ocean = new Ocean(new OceanOptions { Cascades = new[] { new CascadeOptions(200, 64), new CascadeOptions(30, 64) }, MaxThreads = 2 });
        ocean.Update(4);
        var camera = new Camera(new Vector3(0, 3, 0), new Vector3(0, -0.3f, -1), 64, 36);
        var renderer = new OceanRenderer(Small);
        using var a = renderer.Render(ocean, Array.Empty<FloatingBody>(), new[] { camera })[0];
        using var b = renderer.Render(ocean, Array.Empty<FloatingBody>(), new[] { camera })[0];
        using var flat = renderer.Render(new FlatWater(0), Array.Empty<FloatingBody>(), new[] { camera })[0];
        Assert.Equal(0, Cv2.Norm(a, b, NormTypes.L1));
        Assert.True(Cv2.Norm(a, flat, NormTypes.L1) / (64 * 36 * 3) > 2, "waves left no trace");
    }

    private static double RedCentroid(Mat bgr)
    {
        double sum = 0, count = 0;
        int height = bgr.Height, width = bgr.Width;
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
        {
            var p = bgr.At<Vec3b>(y, x);
            if (p.Item2 > 60 && p.Item2 > 2 * p.Item0) { sum += x; count++; }
        }
        Assert.True(count > 20, $"sphere covers only {count} pixels");
        return sum / count;
    }
}
