using Lumos.Nets.Losses;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Losses;

public sealed class RetinexNetLossesTests
{
    private const int H = 7, W = 9;

    /// <summary>tests/reference/make_retinexnet_losses.py's field: 0.5 + 0.4·sin(a·x + b·y + c·(channel + 1)).</summary>
    private static Tensor Field(int channels, double a, double b, double c)
    {
        var ch = arange(channels).to(ScalarType.Float64).view(channels, 1, 1);
        var y = arange(H).to(ScalarType.Float64).view(1, H, 1);
        var x = arange(W).to(ScalarType.Float64).view(1, 1, W);
        return (0.5 + 0.4 * (a * x + b * y + c * (ch + 1)).sin()).to(ScalarType.Float32).unsqueeze(0);
    }

    [Fact]
    public void Every_term_matches_an_independent_pytorch_rebuild_of_the_official_code()
    {
        using var scope = NewDisposeScope();
        var reference = TestData.Reference("retinexnet_losses.json");
        double Expected(string key) => reference.GetProperty(key).GetDouble();
        Tensor low = 0.3 * Field(3, 0.7, 0.3, 0.5), normal = Field(3, 0.2, 0.9, 1.1);
        Tensor rLow = Field(3, 0.5, 0.4, 0.2), rHigh = Field(3, 0.45, 0.5, 0.3);
        Tensor iLow = 0.3 * Field(1, 0.3, 0.2, 0.1), iHigh = Field(1, 0.25, 0.35, 0.4), iDelta = 1.5 * Field(1, 1.3, 0.6, 0.7);
        var decom = RetinexNetLosses.Decom(low, normal, rLow, iLow, rHigh, iHigh);
        var enhance = RetinexNetLosses.Enhance(normal, rLow, iDelta);
        Assert.Equal(Expected("decom_recon"), decom.Reconstruction.item<float>(), 1e-5);
        Assert.Equal(Expected("decom_ir"), decom.InvariableReflectance.item<float>(), 1e-6);
        Assert.Equal(Expected("decom_is"), decom.Smoothness.item<float>(), 1e-5);
        Assert.Equal(Expected("relight"), enhance.Reconstruction.item<float>(), 1e-5);
        Assert.Equal(Expected("relight_is"), enhance.Smoothness.item<float>(), 1e-5);
    }

    [Fact]
    public void The_gradient_is_the_official_2x2_kernel_under_same_padding_by_hand()
    {
        using var scope = NewDisposeScope();
        // t = [[1, 2], [4, 8]]. Along x at (0, 0): |t(1, 1) − t(1, 0)| = 4; at (0, 1): |0 − t(1, 1)| = 8; the last row sees only padding.
        var t = tensor(new float[] { 1, 2, 4, 8 }, [1, 1, 2, 2]);
        Assert.Equal(new float[] { 4, 8, 0, 0 }, RetinexNetLosses.Gradient(t, horizontal: true).flatten().data<float>().ToArray());
        // Along y at (0, 0): |t(1, 1) − t(0, 1)| = 6; at (1, 0): |0 − t(1, 1)| = 8; the last column sees only padding.
        Assert.Equal(new float[] { 6, 0, 8, 0 }, RetinexNetLosses.Gradient(t, horizontal: false).flatten().data<float>().ToArray());
    }

    [Fact]
    public void A_perfect_shared_decomposition_leaves_only_the_smoothness_term()
    {
        using var scope = NewDisposeScope();
        var reflectance = Field(3, 0.5, 0.4, 0.2);
        var iLow = full([1, 1, H, W], 0.2f);
        var iHigh = full([1, 1, H, W], 0.9f);
        var terms = RetinexNetLosses.Decom(reflectance * iLow, reflectance * iHigh, reflectance, iLow, reflectance, iHigh);
        Assert.Equal(0, terms.Reconstruction.item<float>(), 6);
        Assert.Equal(0, terms.InvariableReflectance.item<float>(), 6);
        // Flat illuminations have no gradient inside; only the zero padding after the last row and column adds |I|.
        Assert.True(terms.Smoothness.item<float>() > 0);
    }

    [Fact]
    public void Cross_reconstruction_terms_weigh_a_thousandth_of_the_own_terms()
    {
        using var scope = NewDisposeScope();
        var one = ones([1, 3, H, W]);
        var flat = full([1, 1, H, W], 0.5f);
        // R_low = 1 and R_normal = 0.8 with I = 0.5 both: own terms 0, cross terms |0.8·0.5 − 0.5| = 0.1 and |1·0.5 − 0.4| = 0.1.
        var terms = RetinexNetLosses.Decom(0.5f * one, 0.4f * one, one, flat, 0.8f * one, flat);
        Assert.Equal(0.001 * 0.2, terms.Reconstruction.item<float>(), 6);
        Assert.Equal(0.01 * 0.2, terms.InvariableReflectance.item<float>(), 6);
    }

    [Fact]
    public void Illumination_edges_cost_less_where_the_reflectance_has_an_edge()
    {
        using var scope = NewDisposeScope();
        // An illumination step between columns 3 and 4, under a flat reflectance and under one with the same step.
        var step = (arange(W) >= 4).to(ScalarType.Float32).view(1, 1, 1, W).expand(1, 1, H, W).contiguous();
        var flat = full([1, 3, H, W], 0.5f);
        var edged = (0.2f + 0.6f * step).expand(1, 3, H, W).contiguous();
        Assert.True(RetinexNetLosses.Smoothness(step, edged).item<float>() < 0.5 * RetinexNetLosses.Smoothness(step, flat).item<float>());
    }
}
