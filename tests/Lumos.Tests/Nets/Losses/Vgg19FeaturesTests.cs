using Lumos.Nets.Archs;
using Lumos.Nets.Losses;
using TorchSharp.PyBridge;

namespace Lumos.Tests.Nets.Losses;

public sealed class Vgg19FeaturesTests
{
    [Fact]
    public void Vgg19_features_name_the_missing_keys_of_a_foreign_state_dict()
    {
        using var folder = TestData.TempFolder();
        string path = folder.File("not-vgg.pth");
        using (var other = new Mbllen(new MbllenOptions()))
            other.save_py(path);
        var error = Assert.Throws<LumosException>(() => new Vgg19Features(path));
        Assert.Contains("features.0.weight", error.Message);
        Assert.Contains(path, error.Message);
    }
}
