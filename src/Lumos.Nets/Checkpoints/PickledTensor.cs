using static TorchSharp.torch;

namespace Lumos.Nets.Checkpoints;

/// <summary>A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view into a storage.</summary>
internal sealed record PickledTensor(Tensor Storage, long Offset, long[] Shape, long[] Strides)
{
    /// <summary>
    /// The view as a tensor of its own. Its geometry is checked first, so that libtorch never sees a view outside
    /// its storage, and no view has more elements than its storage (a parameter owns its storage; only a broadcast
    /// view, stride 0, could be larger, and none is saved in a state dict).
    /// </summary>
    public Tensor Materialise()
    {
        long storageCount = Storage.NumberOfElements;
        if (Shape.Length != Strides.Length || Shape.Length > 8 || Offset < 0 || Shape.Any(d => d < 0) || Strides.Any(d => d < 0))
            throw new InvalidDataException($"tensor of shape [{string.Join(", ", Shape)}], strides [{string.Join(", ", Strides)}], offset {Offset}");
        long count = Shape.Aggregate(1L, (a, d) => checked(a * d));
        long last = Offset + Shape.Zip(Strides).Sum(p => p.First == 0 ? 0 : checked((p.First - 1) * p.Second));
        if (count > 0 && (last >= storageCount || count > storageCount))
            throw new InvalidDataException($"tensor of shape [{string.Join(", ", Shape)}] at offset {Offset} lies outside its storage of {storageCount} elements");
        using var view = Storage.as_strided(Shape, Strides, Offset);
        return view.clone();
    }
}
