using Lumos.Nets.Losses;
using TorchSharp.PyBridge;
using static TorchSharp.torch.nn;

namespace Lumos.Tests.Nets.Losses;

/// <summary>Random weights under torchvision's VGG19 key names (features.0.weight …), a stand-in for ImageNet VGG19.</summary>
internal sealed class TorchvisionVgg19 : Module
{
    private readonly TorchSharp.Modules.Sequential features;

    public TorchvisionVgg19(Vgg19Layer until = Vgg19Layer.Relu3_4) : base("vgg19")
    {
        features = Vgg19Features.Layers(until);
        RegisterComponents();
    }

    /// <summary>Writes seeded random weights as a PyTorch state dict and returns the path.</summary>
    public static string Write(string path, Vgg19Layer until = Vgg19Layer.Relu3_4)
    {
        TorchSharp.torch.manual_seed(11);
        using var net = new TorchvisionVgg19(until);
        net.save_py(path);
        return path;
    }
}
