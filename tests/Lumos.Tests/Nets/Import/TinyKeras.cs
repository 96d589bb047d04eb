using Lumos.Nets.Archs;
using PureHDF;

namespace Lumos.Tests.Nets.Import;

/// <summary>
/// Writes a Keras 2 <c>save_weights</c> file for a one-branch MBLLEN, as the official code lays it out: <c>layer_names</c>
/// on the root, per layer a group whose <c>weight_names</c> attribute names its <c>kernel:0</c> and <c>bias:0</c>
/// datasets, kernels in Keras layout (kH, kW, in, out) for Conv2D and (kH, kW, out, in) for Conv2DTranspose.
/// Shared with the fuzzing seeds (tests/fuzz).
/// </summary>
internal static class TinyKeras
{
    /// <summary>The options of the net the file holds.</summary>
    public static MbllenOptions Options { get; } = new() { Branches = 1, FeatureChannels = 2, EnhancementChannels = 1, EnhancementKernel = 3 };

    /// <summary>Writes the file to <paramref name="path"/>.</summary>
    public static void Write(string path)
    {
        using var net = new Mbllen(Options);
        var state = net.state_dict();
        var layers = new List<(string Name, string Module)> { ("conv2d_1", "fem.0.0") };
        for (int j = 0; j < 4; j++) layers.Add(($"conv2d_{2 + j}", $"enhancementModules.0.{2 * j}"));
        for (int j = 0; j < 3; j++) layers.Add(($"conv2d_transpose_{1 + j}", $"enhancementModules.0.{8 + 2 * j}"));
        layers.Add(("conv2d_6", "fusion.0"));
        var file = new H5File { Attributes = { ["layer_names"] = layers.Select(l => l.Name).ToArray() } };
        foreach (var (name, module) in layers)
        {
            using var kernel = state[module + ".weight"].permute(2, 3, 1, 0).contiguous();
            var bias = state[module + ".bias"];
            file[name] = new H5Group
            {
                Attributes = { ["weight_names"] = new[] { $"{name}/kernel:0", $"{name}/bias:0" } },
                [name] = new H5Group
                {
                    ["kernel:0"] = new H5Dataset(kernel.data<float>().ToArray(), fileDims: kernel.shape.Select(d => (ulong)d).ToArray()),
                    ["bias:0"] = new H5Dataset(bias.data<float>().ToArray()),
                },
            };
        }
        file.Write(path);
    }
}
