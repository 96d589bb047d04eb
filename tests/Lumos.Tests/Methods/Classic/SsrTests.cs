using Lumos.Methods.Classic;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

public sealed class SsrTests
{
    [Fact]
    public void Ssr_equals_msr_with_its_single_scale()
    {
        using var scene = TestData.DarkColour(120, 90);
        using var single = new Ssr(new SsrOptions { Sigma = 30 }).Enhance(scene);
        using var multi = new Msr(new MsrOptions { Sigmas = [30] }).Enhance(scene);
        Assert.Equal(0, Cv2.Norm(single, multi, NormTypes.INF));
    }

    [Fact]
    public void Ssr_brightens_the_bright_side_of_an_edge_most_next_to_the_edge()
    {
        // The centre/surround halo of Jobson et al. 1997 §III: near a dark region the surround is darker,
        // so log I − log(G ∗ I) is larger there than far from it.
        using var edge = new Mat(64, 200, MatType.CV_8UC3, Scalar.All(20));
        edge[new Rect(100, 0, 100, 64)].SetTo(Scalar.All(120));
        using var output = new Ssr(new SsrOptions { Sigma = 20, LowClip = 0, HighClip = 0 }).Enhance(edge);
        int nearEdge = output.At<Vec3b>(32, 101).Item0, farFromEdge = output.At<Vec3b>(32, 199).Item0;
        Assert.True(nearEdge > farFromEdge + 20, $"near edge {nearEdge}, far {farFromEdge}");
    }
}
