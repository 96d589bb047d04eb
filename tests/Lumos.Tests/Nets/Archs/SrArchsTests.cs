using Lumos.Nets.Archs;
using TorchSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Archs;

public sealed class SrArchsTests
{
    private static long Parameters(nn.Module module) => module.parameters().Sum(p => p.numel());

    private static long[] Shape(nn.Module<Tensor, Tensor> net, int channels, int height, int width)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        net.eval();
        return net.forward(rand(1, channels, height, width)).shape;
    }

    [Fact]
    public void Sr_nets_have_the_published_parameter_counts()
    {
        // Weights + biases (+ PReLU slopes, BN affine); hand-counted from each paper's layer table.
        using (var srcnn = new Srcnn()) Assert.Equal(9 * 9 * 64 + 64 + 64 * 32 + 32 + 5 * 5 * 32 + 1, Parameters(srcnn));
        // SRCNN 9-5-5: the paper's 57,184 weights (TPAMI 2016, §4.3.2) plus 97 biases.
        using (var srcnn955 = new Srcnn(new SrcnnOptions { MappingKernel = 5 })) Assert.Equal(57184 + 97, Parameters(srcnn955));
        // FSRCNN(56,12,4): the paper's 12,464 weights plus 113 biases and 232 PReLU slopes.
        using (var fsrcnn = new Fsrcnn(3)) Assert.Equal(12464 + 113 + 232, Parameters(fsrcnn));
        using (var espcn = new Espcn(3)) Assert.Equal(1664 + 18464 + 32 * 9 * 9 + 9, Parameters(espcn));
        using (var vdsr = new Vdsr()) Assert.Equal(640 + 18 * (64 * 64 * 9 + 64) + 577, Parameters(vdsr));
        using (var srresnet = new SrResNet()) Assert.Equal(1_550_659, Parameters(srresnet));
        using (var discriminator = new SrganDiscriminator()) Assert.Equal(5_215_425, Parameters(discriminator));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Sr_nets_map_odd_sizes_to_scale_times_the_size(int scale)
    {
        using (var srcnn = new Srcnn()) Assert.Equal([1L, 1, 37 * scale, 53 * scale], Shape(srcnn, 1, 37 * scale, 53 * scale));
        using (var srcnn955 = new Srcnn(mappingKernel: 5)) Assert.Equal([1L, 1, 37 * scale, 53 * scale], Shape(srcnn955, 1, 37 * scale, 53 * scale));
        using (var vdsr = new Vdsr()) Assert.Equal([1L, 1, 37 * scale, 53 * scale], Shape(vdsr, 1, 37 * scale, 53 * scale));
        using (var fsrcnn = new Fsrcnn(scale)) Assert.Equal([1L, 1, 37 * scale, 53 * scale], Shape(fsrcnn, 1, 37, 53));
        using (var espcn = new Espcn(scale)) Assert.Equal([1L, 1, 37 * scale, 53 * scale], Shape(espcn, 1, 37, 53));
        if (scale != 3)
            using (var srresnet = new SrResNet(scale, blocks: 2)) Assert.Equal([1L, 3, 37 * scale, 53 * scale], Shape(srresnet, 3, 37, 53));
    }

    [Fact]
    public void Srgan_discriminator_gives_one_logit_per_image_of_any_size()
    {
        using var discriminator = new SrganDiscriminator();
        Assert.Equal([2L, 1], Shape2(discriminator, 96, 96));
        Assert.Equal([2L, 1], Shape2(discriminator, 37, 53));

        static long[] Shape2(nn.Module<Tensor, Tensor> net, int h, int w)
        {
            using var scope = NewDisposeScope();
            net.eval();
            return net.forward(rand(2, 3, h, w)).shape;
        }
    }

    [Fact]
    public void An_even_srcnn_mapping_kernel_is_a_clear_error()
    {
        var error = Assert.Throws<LumosException>(() => new Srcnn(mappingKernel: 4));
        Assert.Contains("mapping-kernel must be odd", error.Message);
    }

    [Fact]
    public void Fsrcnn_state_dict_names_match_the_pytorch_reimplementation()
    {
        using var fsrcnn = new Fsrcnn(3);
        var names = fsrcnn.state_dict().Keys.ToArray();
        Assert.Contains("first_part.0.weight", names);
        Assert.Contains("first_part.1.weight", names);
        Assert.Contains("mid_part.11.weight", names);
        Assert.Contains("last_part.bias", names);
        Assert.Equal(23, names.Length);
        Assert.Equal([56L, 1, 9, 9], fsrcnn.state_dict()["last_part.weight"].shape);
    }
}
