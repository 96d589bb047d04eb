using Lumos.Nets.Losses;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Tests.Nets.Losses;

public sealed class MbllenLossTests
{
    private static MbllenLoss Loss() => new(new MbllenLossOptions());

    [Fact]
    public void Mbllen_loss_is_zero_for_identical_images()
    {
        using var loss = Loss();
        using var scope = NewDisposeScope();
        manual_seed(3);
        var image = rand(2, 3, 20, 24);
        var terms = loss.Terms(image, image.clone());
        Assert.Equal(0, terms.L1.item<float>());
        Assert.Equal(0, terms.Region.item<float>());
        Assert.Equal(0, terms.Structure.item<float>(), 1e-5);
        Assert.Equal(0, terms.Total.item<float>(), 1e-5);
        Assert.Null(terms.Context);
    }

    [Fact]
    public void Mbllen_loss_of_a_constant_offset_is_known_in_closed_form()
    {
        // 20×20 distinct greys: the darkest 160 of 400 pixels (40%) weigh 4, so region = 0.1·(0.4·4 + 0.6).
        // Constant images a, b: σ = 0, so SSIM = (2ab + C1) / (a² + b² + C1) per channel.
        using var loss = Loss();
        using var scope = NewDisposeScope();
        var prediction = linspace(0.05, 0.85, 400).view(1, 1, 20, 20).expand(1, 3, 20, 20).contiguous();
        var terms = loss.Terms(prediction, prediction + 0.1);
        Assert.Equal(0.1, terms.L1.item<float>(), 1e-6);
        Assert.Equal(0.1 * (0.4 * 4 + 0.6), terms.Region.item<float>(), 1e-6);

        var flat = loss.Terms(full(1, 3, 12, 12, 0.5f), full(1, 3, 12, 12, 0.3f));
        double ssim = (2 * 0.5 * 0.3 + 1e-4) / (0.25 + 0.09 + 1e-4);
        // float32 variance E[x²] − E[x]² leaves ~3e-8 against C2 = 9e-4: hence 1e-3.
        Assert.Equal(3 - 3 * ssim, flat.Structure.item<float>(), 1e-3);
        Assert.Equal(4 * 0.2, flat.Region.item<float>(), 1e-6); // ties with the threshold count as dark (≤, as official)
        Assert.Equal(0.2 + flat.Structure.item<float>() + 0.8, flat.Total.item<float>(), 1e-5);
    }

    [Fact]
    public void Mbllen_region_loss_weights_the_darkest_40_percent_of_the_prediction_four_times()
    {
        // Five pixels, grey = value (equal channels): the 2 darkest (0.1, 0.2) weigh 4.
        using var loss = Loss();
        using var scope = NewDisposeScope();
        var prediction = tensor(new[] { 0.1f, 0.5f, 0.2f, 0.9f, 0.7f }).view(1, 1, 1, 5).expand(1, 3, 1, 5);
        var difference = tensor(new[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f }).view(1, 1, 1, 5);
        var region = loss.Region(prediction, prediction + difference);
        Assert.Equal((4 * 0.1 + 0.2 + 4 * 0.3 + 0.4 + 0.5) / 5, region.item<float>(), 1e-6);
    }

    [Fact]
    public void Mbllen_ssim_term_matches_scikit_image_per_channel()
    {
        var reference = TestData.Reference("mbllen_loss.json");
        int h = reference.GetProperty("height").GetInt32(), w = reference.GetProperty("width").GetInt32();
        using var loss = Loss();
        using var scope = NewDisposeScope();
        var y = arange(h, dtype: float32).view(1, 1, h, 1);
        var x = arange(w, dtype: float32).view(1, 1, 1, w);
        var c = arange(3, dtype: float32).view(1, 3, 1, 1);
        var prediction = 0.5f + 0.4f * sin(0.5f * x + 0.3f * y + c);
        var target = 0.45f + 0.35f * cos(0.4f * x - 0.2f * y + 0.5f * c);
        var ssim = loss.SsimPerChannel(prediction, target).data<float>().ToArray();
        var expected = reference.GetProperty("ssim_per_channel").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], ssim[i], 1e-4);
        Assert.Equal(reference.GetProperty("l1").GetDouble(), loss.Terms(prediction, target).L1.item<float>(), 1e-5);
    }

    [Fact]
    public void Mbllen_loss_gives_gradients_to_the_prediction()
    {
        using var loss = Loss();
        using var scope = NewDisposeScope();
        manual_seed(5);
        var prediction = rand(1, 3, 16, 16).requires_grad_();
        loss.forward(prediction, rand(1, 3, 16, 16)).backward();
        Assert.True(prediction.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Mbllen_loss_adds_a_third_of_the_vgg19_context_term_when_given_weights()
    {
        using var folder = TestData.TempFolder();
        string path = TorchvisionVgg19.Write(folder.File("vgg19.pth"));
        using var loss = new MbllenLoss(new MbllenLossOptions { Vgg19Weights = path });
        using var scope = NewDisposeScope();
        var prediction = rand(1, 3, 24, 24);
        var target = rand(1, 3, 24, 24);
        var terms = loss.Terms(prediction, target);
        Assert.NotNull(terms.Context);
        Assert.True(terms.Context!.item<float>() > 0);
        Assert.Equal((terms.L1 + terms.Structure + terms.Region + terms.Context / 3).item<float>(), terms.Total.item<float>(), 1e-6);
        Assert.Equal(0, loss.Terms(target, target).Context!.item<float>());
    }

    [Fact]
    public void Mbllen_loss_names_a_missing_vgg19_weights_file()
    {
        var error = Assert.Throws<LumosException>(() => new MbllenLoss(new MbllenLossOptions { Vgg19Weights = "/nonexistent/vgg19.pth" }));
        Assert.Contains("/nonexistent/vgg19.pth", error.Message);
    }
}
