namespace Lumos.Onnx;

/// <summary>The channel and size operations of encoder-decoder nets (Retinex-Net's Enhance-Net), in opset-13 form.</summary>
public sealed partial class OnnxGraph
{
    /// <summary>Elementwise maximum of same-shaped values (the channel maximum of an image split by <see cref="SplitChannels(string, int, int)"/>).</summary>
    public string Max(IEnumerable<string> xs) => Node("Max", [.. xs]);

    /// <summary>Splits the channels into consecutive groups of the given sizes.</summary>
    public string[] SplitChannels(string x, int[] sizes)
    {
        var split = Constant([sizes.Length], [.. sizes.Select(s => (long)s)]);
        var outputs = sizes.Select(_ => Fresh()).ToArray();
        nodes.Add(NodeProto("Split", [x, split], outputs, [Int("axis", 1)]));
        return outputs;
    }

    /// <summary>
    /// Nearest-neighbour ×<paramref name="factor"/> up-sampling (each pixel repeated factor × factor times: Resize with
    /// asymmetric coordinates and floor rounding), cropped to the height and width of <paramref name="like"/>.
    /// </summary>
    public string UpsampleNearestLike(string x, int factor, string like)
    {
        var scales = Initializer(Fresh(), [4], [1, 1, factor, factor]);
        var upsampled = Node("Resize", [x, "", scales], String("mode", "nearest"), String("coordinate_transformation_mode", "asymmetric"),
            String("nearest_mode", "floor"));
        var size = Node("Slice", [Node("Shape", [like]), Constant([1], [2]), Constant([1], [4]), Constant([1], [0])]);
        return Node("Slice", [upsampled, Constant([2], [0, 0]), size, Constant([2], [2, 3])]);
    }
}
