using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Losses;

/// <summary>The VGG19 activation a <see cref="Vgg19Features"/> stops at (value = torchvision <c>features</c> modules kept).</summary>
public enum Vgg19Layer
{
    /// <summary>block3_conv4 + ReLU: MBLLEN's context loss.</summary>
    Relu3_4 = 18,

    /// <summary>block5_conv4 + ReLU, before the fifth max-pool: SRGAN's VGG54 content loss.</summary>
    Relu5_4 = 36,
}

/// <summary>
/// VGG19 (Simonyan &amp; Zisserman 2015) up to a chosen ReLU, the feature layer of perceptual losses (MBLLEN's
/// context loss, SRGAN's VGG54). Laid out like torchvision's <c>vgg19().features[:n]</c>, so its weights load
/// from a torchvision VGG19 state dict (<c>features.0.weight</c> …); frozen.
/// </summary>
public sealed class Vgg19Features : LumosNet
{
    private readonly Sequential features;

    /// <summary>Builds the layers and loads their weights from a PyTorch VGG19 state dict file.</summary>
    /// <exception cref="LumosException">The file cannot be read or lacks a needed key.</exception>
    /// <param name="weightsPath">torchvision VGG19 state dict.</param>
    /// <param name="until">The activation to stop at.</param>
    public Vgg19Features(string weightsPath, Vgg19Layer until = Vgg19Layer.Relu3_4) : base(nameof(Vgg19Features))
    {
        features = Layers(until);
        RegisterComponents();

        if (!File.Exists(weightsPath)) throw new LumosException($"{weightsPath}: VGG19 weights file not found");
        // Keys absent from the file keep their NaN fill, which names them below.
        using (no_grad())
            foreach (var parameter in parameters()) parameter.fill_(float.NaN);
        try { this.load_py(weightsPath, strict: false); }
        catch (Exception e) when (e is not LumosException)
        {
            throw new LumosException($"{weightsPath}: cannot read as a PyTorch VGG19 state dict ({e.Message})", e);
        }
        var missing = named_parameters().Where(p => p.parameter.isnan().any().item<bool>()).Select(p => p.name).ToList();
        if (missing.Count > 0)
            throw new LumosException($"{weightsPath}: not a torchvision VGG19 state dict (missing {string.Join(", ", missing)})");
        foreach (var parameter in parameters()) parameter.requires_grad = false;
        eval();
    }

    /// <summary>torchvision's <c>vgg19().features[:until]</c>: 3×3 convolutions with their ReLUs, a max-pool after each block.</summary>
    internal static Sequential Layers(Vgg19Layer until = Vgg19Layer.Relu3_4)
    {
        // Configuration "E" of the paper: filters per convolution, 0 = max-pool.
        int[] configuration = [64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0];
        var layers = new List<Module<Tensor, Tensor>>();
        int channels = 3;
        foreach (int filters in configuration)
        {
            if (layers.Count >= (int)until) break;
            if (filters == 0) { layers.Add(MaxPool2d(2)); continue; }
            layers.Add(Conv2d(channels, filters, 3, padding: 1));
            layers.Add(ReLU());
            channels = filters;
        }
        return Sequential(layers);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => features.forward(input);
}
