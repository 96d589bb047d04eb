using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Losses;

/// <summary>
/// VGG19 (Simonyan &amp; Zisserman 2015) up to block3_conv4 + ReLU, the feature layer of MBLLEN's context
/// loss. Laid out like torchvision's <c>vgg19().features[:18]</c>, so its weights load from a torchvision
/// VGG19 state dict (<c>features.0.weight</c> … <c>features.16.bias</c>); frozen.
/// </summary>
public sealed class Vgg19Features : Module<Tensor, Tensor>
{
    private readonly Sequential features;

    /// <summary>Builds the layers and loads their weights from a PyTorch VGG19 state dict file.</summary>
    /// <exception cref="LumosException">The file cannot be read or lacks a needed key.</exception>
    public Vgg19Features(string weightsPath) : base(nameof(Vgg19Features))
    {
        features = Layers();
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

    /// <summary>torchvision's <c>vgg19().features[:18]</c>: conv1_1 … conv3_4 with their ReLUs and two max-pools.</summary>
    internal static Sequential Layers() => Sequential(
        Conv2d(3, 64, 3, padding: 1), ReLU(), Conv2d(64, 64, 3, padding: 1), ReLU(), MaxPool2d(2),
        Conv2d(64, 128, 3, padding: 1), ReLU(), Conv2d(128, 128, 3, padding: 1), ReLU(), MaxPool2d(2),
        Conv2d(128, 256, 3, padding: 1), ReLU(), Conv2d(256, 256, 3, padding: 1), ReLU(),
        Conv2d(256, 256, 3, padding: 1), ReLU(), Conv2d(256, 256, 3, padding: 1), ReLU());

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => features.forward(input);
}
