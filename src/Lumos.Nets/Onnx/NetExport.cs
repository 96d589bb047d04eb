using System.Globalization;
using System.Reflection;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Onnx;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Onnx;

/// <summary>An ONNX model made from a built-in net, with what it takes and gives.</summary>
/// <param name="Model">The encoded ONNX model.</param>
/// <param name="Arch">The registered architecture.</param>
/// <param name="Signature">Channels, scale, input kind and receptive radius.</param>
public sealed record ExportedNet(byte[] Model, string Arch, NetSignature Signature);

/// <summary>
/// Exports built-in nets to ONNX (TorchSharp cannot): the architecture describes its graph
/// (<see cref="IOnnxExportable"/>), the weights come from a checkpoint — read without libtorch, so a shipped
/// model runs on ONNX Runtime alone — or from a live TorchSharp net, and the metadata
/// (<see cref="OnnxModelInfo"/>) lets <c>--onnx model.onnx</c> run the file with no further flags.
/// </summary>
public static class NetExport
{
    /// <summary>The operator set written unless asked otherwise (ONNX 1.12's checker knows up to 17).</summary>
    public const int DefaultOpset = 17;

    /// <summary>Exports a Lumos checkpoint (path or shipped name), without loading libtorch.</summary>
    /// <exception cref="LumosException">Not a checkpoint, or its architecture cannot be exported.</exception>
    /// <param name="pathOrName">A checkpoint file or shipped name.</param>
    /// <param name="opset">ONNX operator set.</param>
    /// <param name="adjustOptions">Replaces inference-time options in the checkpoint's own; null keeps them.</param>
    public static ExportedNet FromCheckpoint(string pathOrName, int opset = DefaultOpset, Func<object, object>? adjustOptions = null)
    {
        var (meta, options, weights) = Checkpoint.ReadPlain(pathOrName);
        if (adjustOptions is not null) options = adjustOptions(options);
        var extra = new Dictionary<string, string> { ["lumos.checkpoint"] = Path.GetFileNameWithoutExtension(Checkpoint.Resolve(pathOrName)) };
        if (meta.Provenance is not null) extra["lumos.provenance"] = meta.Provenance;
        if (meta.Command is not null) extra["lumos.training-command"] = meta.Command;
        if (meta.Steps > 0) extra["lumos.training-steps"] = meta.Steps.ToString(CultureInfo.InvariantCulture);
        if (meta.Scales is { Count: > 0 } scales) extra[OnnxModelInfo.TrainedScalesKey] = string.Join(",", scales);
        return FromWeights(meta.Arch, options, weights, opset, extra);
    }

    /// <summary>Exports a live TorchSharp net of a registered architecture.</summary>
    /// <exception cref="LumosException">The architecture cannot be exported.</exception>
    public static ExportedNet FromNet(Module<Tensor, Tensor> net, object options, int opset = DefaultOpset) =>
        FromWeights(NetArchs.InfoOf(net).Name, options, NetWeights.Of(net), opset, new Dictionary<string, string>());

    /// <summary>Exports <paramref name="arch"/> built with <paramref name="options"/> and <paramref name="weights"/>.</summary>
    /// <exception cref="LumosException">Unknown or non-exportable architecture, missing weights, or a bad opset.</exception>
    public static ExportedNet FromWeights(string arch, object options, IReadOnlyDictionary<string, WeightTensor> weights, int opset,
        IReadOnlyDictionary<string, string> extraMetadata)
    {
        if (opset is < 13 or > 21) throw new LumosException($"opset {opset} is not supported (13-21)");
        var info = NetArchs.Registry.Get(arch);
        if (!typeof(IOnnxExportable).IsAssignableFrom(info.Type))
            throw new LumosException($"{info.Name}: this architecture cannot be exported to ONNX");
        var graph = new OnnxGraph(weights);
        var describe = typeof(NetExport).GetMethod(nameof(Describe), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(info.Type);
        var (output, signature) = ((string, NetSignature))describe.Invoke(null, [graph, options])!;
        var metadata = OnnxModelInfo.Metadata(info.Name, signature, Checkpoint.OptionsOf(options).ToJsonString());
        foreach (var (key, value) in extraMetadata) metadata[key] = value;
        return new ExportedNet(graph.ToModel(output, info.Name, signature, metadata, opset), info.Name, signature);
    }

    private static (string, NetSignature) Describe<TArch>(OnnxGraph graph, object options) where TArch : IOnnxExportable =>
        TArch.DescribeOnnx(graph, options);
}
