using System.IO.Compression;
using Lumos.Imaging;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Import;
using Lumos.Nets.Inference;
using Lumos.Onnx;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Fuzz;

/// <summary>
/// One fuzz target per parser of untrusted bytes, each driving the library's public entry point exactly as the CLI
/// does. A target returns normally or throws <see cref="LumosException"/> (the documented answer to bad input); any
/// other exception, a native crash or a hang is a bug.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The targets by name.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>
    {
        ["image"] = Image,
        ["checkpoint"] = Checkpoint,
        ["pth"] = Pth,
        ["onnx"] = Onnx,
        ["h5"] = H5,
    };

    // Files are written where the library reads them by path (checkpoints, .pth, .h5): one folder per process, in
    // memory where the system has /dev/shm.
    private static readonly string Folder = CreateFolder();

    /// <summary>
    /// Image header sniffing and decoding (<see cref="ImageIO.Decode"/>: <see cref="ImageHeader"/>, then OpenCV's
    /// codecs). The pixel limit is lowered so that a header claiming a large image is refused rather than decoded
    /// slowly, as <c>--max-megapixels</c> would.
    /// </summary>
    private static void Image(byte[] bytes)
    {
        Cv2.SetNumThreads(1);
        using var image = ImageIO.Decode(bytes, "fuzz", new ReadOptions { MaxPixels = 4_000_000 });
    }

    /// <summary>
    /// A Lumos checkpoint, read as <c>export</c> and ONNX runs read it (<see cref="Lumos.Nets.Checkpoints.Checkpoint.ReadPlain"/>:
    /// zip, <c>meta.json</c>, options, <c>weights.bin</c> without libtorch) and as the TorchSharp nets load it
    /// (<see cref="Lumos.Nets.Checkpoints.Checkpoint.Load"/>). The zip's CRCs stop most mutations before the parsers
    /// inside it, so an input that is not a zip is put into one: starting with <c>{</c> it is <c>meta.json</c> beside
    /// the seed's weights, otherwise it is <c>weights.bin</c> beside the seed's <c>meta.json</c>.
    /// </summary>
    private static void Checkpoint(byte[] bytes)
    {
        set_num_threads(1);
        var path = Path.Combine(Folder, "input.lumosnet");
        if (bytes.Length >= 2 && bytes[0] == 'P' && bytes[1] == 'K') File.WriteAllBytes(path, bytes);
        else if (bytes.Length >= 1 && bytes[0] == '{') WriteCheckpoint(path, bytes, Seeds.CheckpointWeights.Value);
        else WriteCheckpoint(path, Seeds.CheckpointMeta.Value, bytes);
        Lumos.Nets.Checkpoints.Checkpoint.ReadPlain(path);
        var (net, _) = Lumos.Nets.Checkpoints.Checkpoint.Load(path);
        net.Dispose();
    }

    /// <summary>
    /// A PyTorch state dict (<see cref="PyTorchStateDict.Read"/>): the zip format, or the legacy stream of pickles,
    /// which has no checksums and so takes the pickle machine's mutations directly.
    /// </summary>
    private static void Pth(byte[] bytes)
    {
        set_num_threads(1);
        var path = Path.Combine(Folder, "input.pth");
        File.WriteAllBytes(path, bytes);
        foreach (var tensor in PyTorchStateDict.Read(path).Values) tensor.Dispose();
    }

    /// <summary>
    /// An ONNX model opened as <c>--onnx</c> opens one (<see cref="OnnxNetSession"/>: ONNX Runtime's session, the
    /// input checks, the Lumos metadata).
    /// </summary>
    private static void Onnx(byte[] bytes)
    {
        using var session = new OnnxNetSession(bytes, "fuzz", "cpu", threads: 1);
        // What the tiler is given must make sense whatever the file records.
        if (session.Overlap(0) < 0 || session.Info.Signature is { Scale: < 1 }) throw new InvalidOperationException($"accepted metadata gives overlap {session.Overlap(0)}, {session.Info.Signature}");
        _ = session.InputDimensions.Length;
    }

    /// <summary>A Keras <c>save_weights</c> HDF5 file (<see cref="KerasWeights.ReadConvolutions"/>, on PureHDF).</summary>
    private static void H5(byte[] bytes)
    {
        set_num_threads(1);
        var path = Path.Combine(Folder, "input.h5");
        File.WriteAllBytes(path, bytes);
        var (convolutions, transposed) = KerasWeights.ReadConvolutions(path);
        foreach (var layer in convolutions.Concat(transposed))
        {
            layer.Weight.Dispose();
            layer.Bias.Dispose();
        }
    }

    private static void WriteCheckpoint(string path, byte[] meta, byte[] weights)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var archive = new ZipArchive(file, ZipArchiveMode.Create);
        using (var entry = archive.CreateEntry("meta.json", CompressionLevel.NoCompression).Open()) entry.Write(meta);
        using (var entry = archive.CreateEntry("weights.bin", CompressionLevel.NoCompression).Open()) entry.Write(weights);
    }

    private static string CreateFolder()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var folder = Path.Combine(root, $"lumos-fuzz-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } };
        return folder;
    }
}
