using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Lumos.Imaging;
using Lumos.Registry;
using Lumos.Nets.Archs;
using Lumos.Nets.Training;
using Lumos.Onnx;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Nets.Checkpoints;

/// <summary>What a Lumos checkpoint records besides the weights.</summary>
public sealed record CheckpointMeta
{
    /// <summary>Registered architecture name (see <see cref="NetArchs"/>).</summary>
    public required string Arch { get; init; }

    /// <summary>The architecture's options record, as JSON.</summary>
    public JsonObject Options { get; init; } = [];

    /// <summary>The command line that produced the weights.</summary>
    public string? Command { get; init; }

    /// <summary>The training data (folders, counts).</summary>
    public string? Data { get; init; }

    /// <summary>
    /// The scales a super-resolution net was trained for, the first being the one to run by default (a net fed an
    /// upsampled image runs at any scale, so only this says which it learnt); null for other nets.
    /// </summary>
    public List<int>? Scales { get; init; }

    /// <summary>Optimiser steps taken.</summary>
    public long Steps { get; init; }

    /// <summary>Final or best metrics (loss terms, PSNR, ...).</summary>
    public Dictionary<string, double> Metrics { get; init; } = [];

    /// <summary>Where the weights come from and under which licence.</summary>
    public string? Provenance { get; init; }

    /// <summary>Training loss for the loss curve and for resuming: point i is the mean loss of steps
    /// i·<see cref="LossCurveStride"/> + 1 … (i + 1)·<see cref="LossCurveStride"/> (the last point may cover fewer).</summary>
    public List<double> LossCurve { get; init; } = [];

    /// <summary>Steps per point of <see cref="LossCurve"/>: 1 in short runs, doubling as a long run's curve is thinned.</summary>
    public int LossCurveStride { get; init; } = 1;

    /// <summary>Validation rounds of the run (step, score of <see cref="ValidationMeasure"/>); null when it had no validation set.</summary>
    public List<ValidationPoint>? Validation { get; init; }

    /// <summary>What the validation scores measure and on what (e.g. "Y PSNR (dB), 14 held-out images, 96 px centre crops").</summary>
    public string? ValidationMeasure { get; init; }

    /// <summary>When the checkpoint was written.</summary>
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>One validation round of a training run.</summary>
/// <param name="Step">Steps done when it was scored.</param>
/// <param name="Score">The objective's score (higher is better).</param>
public sealed record ValidationPoint(long Step, double Score);

/// <summary>
/// The Lumos checkpoint: one zip file (<c>*.lumosnet</c>) holding <c>meta.json</c> (<see cref="CheckpointMeta"/>)
/// and <c>weights.bin</c> (TorchSharp's <c>Module.save</c> format). Loaded by path or by the name of a checkpoint
/// shipped in the <c>models/</c> folder beside the application. PyTorch <c>.pth</c> state dicts load too, into an
/// architecture named by the caller.
/// </summary>
public static class Checkpoint
{
    /// <summary>File extension of Lumos checkpoints.</summary>
    public const string Extension = ShippedModels.Extension;

    private const string MetaEntry = "meta.json", WeightsEntry = "weights.bin", OptimizerEntry = "optimizer.bin";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals }; // a diverged run's NaN loss must still save

    /// <summary>The folder of shipped checkpoints beside the application.</summary>
    public static string ShippedFolder => ShippedModels.Folder;

    /// <summary>Names of the shipped checkpoints.</summary>
    public static IReadOnlyList<string> ShippedNames => ShippedModels.Names;

    /// <summary>The options record of a net, as stored in <see cref="CheckpointMeta.Options"/>.</summary>
    public static JsonObject OptionsOf(object options) => JsonSerializer.SerializeToNode(options, options.GetType(), Json)!.AsObject();

    /// <summary>Writes <paramref name="net"/> and <paramref name="meta"/> to <paramref name="path"/> (replaced atomically).</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="net">The net whose weights are saved.</param>
    /// <param name="meta">What to record about it.</param>
    /// <param name="optimizer">Writes the optimiser state, kept so training can resume; null for none.</param>
    public static void Save(string path, Module net, CheckpointMeta meta, Action<Stream>? optimizer = null)
    {
        if (meta.LossCurve.Count > LossHistory.MaxPoints)
        {
            // A per-step curve (written before curves were thinned, or built by hand) is thinned as the trainer thins its own.
            var history = LossHistory.Restore(meta.LossCurve, meta.LossCurveStride, Math.Max(meta.Steps, (long)meta.LossCurve.Count * Math.Max(1, meta.LossCurveStride)), double.NaN);
            meta = meta with { LossCurve = history.Points, LossCurveStride = history.Stride };
        }
        AtomicFile.Write(path, temporary =>
        {
            using var file = new FileStream(temporary, FileMode.Create, FileAccess.Write);
            using var archive = new ZipArchive(file, ZipArchiveMode.Create);
            using (var stream = archive.CreateEntry(MetaEntry).Open())
                JsonSerializer.Serialize(stream, meta, Json);
            using (var entry = archive.CreateEntry(WeightsEntry, CompressionLevel.Fastest).Open())
                net.save(entry);
            if (optimizer is not null)
            {
                using var entry = archive.CreateEntry(OptimizerEntry, CompressionLevel.Fastest).Open();
                optimizer(entry);
            }
        }, overwrite: true);
    }

    /// <summary>The checkpoint file a path or shipped name refers to.</summary>
    /// <exception cref="LumosException">Neither an existing file nor a shipped name.</exception>
    public static string Resolve(string pathOrName)
    {
        // A shipped name means the shipped model, whatever the working folder holds (the web server relies on it).
        if (ShippedModels.PathOf(pathOrName) is { } shipped) return shipped;
        if (File.Exists(pathOrName)) return pathOrName;
        var known = ShippedNames;
        throw new LumosException($"weights '{pathOrName}': no such file, nor a shipped checkpoint ({(known.Count == 0 ? "none shipped" : "shipped: " + string.Join(", ", known))})");
    }

    /// <summary>Reads the metadata of a checkpoint.</summary>
    /// <exception cref="LumosException">Not a Lumos checkpoint.</exception>
    public static CheckpointMeta ReadMeta(string path)
    {
        using var archive = OpenArchive(path);
        return Reading(path, () =>
        {
            using var stream = Entry(archive, path, MetaEntry).Open();
            CheckpointMeta meta;
            try { meta = JsonSerializer.Deserialize<CheckpointMeta>(stream, Json) ?? throw new JsonException("empty"); }
            catch (JsonException e) { throw new LumosException($"{path}: unreadable {MetaEntry} ({e.Message})", e); }
            // JSON may hold null where the record promises a value: an architecture is required, the rest defaults.
            if (string.IsNullOrWhiteSpace(meta.Arch)) throw new LumosException($"{path}: unreadable {MetaEntry} (no architecture)");
            return meta with { Options = meta.Options ?? [], Metrics = meta.Metrics ?? [], LossCurve = meta.LossCurve ?? [] };
        });
    }

    /// <summary>Builds the net a checkpoint describes and loads its weights.</summary>
    /// <param name="pathOrName">A checkpoint file or a shipped name.</param>
    /// <exception cref="LumosException">Missing, unreadable, or its weights do not fit its architecture.</exception>
    public static (Module<Tensor, Tensor> Net, CheckpointMeta Meta) Load(string pathOrName)
    {
        var path = Resolve(pathOrName);
        var meta = ReadMeta(path);
        var options = ArchOptions(meta, path);
        var net = NetArchs.Registry.Get(meta.Arch).Create(options);
        LoadLumosWeights(net, path);
        return (net, meta);
    }

    /// <summary>The architecture options a checkpoint records, as its options record.</summary>
    /// <exception cref="LumosException">Missing, not a Lumos checkpoint, or its options are unreadable or out of range.</exception>
    public static object ReadArchOptions(string pathOrName)
    {
        var path = Resolve(pathOrName);
        return ArchOptions(ReadMeta(path), path);
    }

    /// <summary>
    /// Reads a checkpoint's metadata, architecture options and weights as plain arrays, without libtorch: what an
    /// engine other than TorchSharp needs.
    /// </summary>
    /// <exception cref="LumosException">Missing, not a Lumos checkpoint, or unreadable.</exception>
    public static (CheckpointMeta Meta, object Options, IReadOnlyDictionary<string, WeightTensor> Weights) ReadPlain(string pathOrName)
    {
        var path = Resolve(pathOrName);
        if (!IsLumosCheckpoint(path)) throw new LumosException($"{path}: not a Lumos checkpoint");
        var meta = ReadMeta(path);
        var options = ArchOptions(meta, path);
        using var archive = OpenArchive(path);
        return (meta, options, Reading(path, () =>
        {
            using var stream = Entry(archive, path, WeightsEntry).Open();
            return NetWeights.Read(stream, path);
        }));
    }

    /// <summary>
    /// Builds an <paramref name="arch"/> net from weights: a Lumos checkpoint brings its own options (it must be of
    /// that architecture); a PyTorch state dict loads into a net built with <paramref name="archOptions"/>.
    /// </summary>
    /// <exception cref="LumosException">Missing file, another architecture, or mismatched keys or shapes.</exception>
    /// <param name="arch">The architecture expected.</param>
    /// <param name="archOptions">Options for a PyTorch state dict.</param>
    /// <param name="pathOrName">A checkpoint file, shipped name or <c>.pth</c> file.</param>
    /// <param name="adjustOptions">Replaces inference-time options in a checkpoint's own options; null keeps them.</param>
    public static Module<Tensor, Tensor> LoadNet(string arch, object archOptions, string pathOrName, Func<object, object>? adjustOptions = null)
    {
        var path = Resolve(pathOrName);
        if (IsLumosCheckpoint(path))
        {
            var meta = ReadMeta(path);
            if (!meta.Arch.Equals(arch, StringComparison.OrdinalIgnoreCase)) throw new LumosException($"{path}: a {meta.Arch} checkpoint, not {arch}");
            var options = ArchOptions(meta, path);
            if (adjustOptions is not null) options = adjustOptions(options);
            var net = NetArchs.Registry.Get(meta.Arch).Create(options);
            LoadLumosWeights(net, path);
            return net;
        }
        var built = NetArchs.Registry.Get(arch).Create(archOptions);
        LoadWeights(built, path);
        return built;
    }

    /// <summary>
    /// Loads weights into an existing net: from a Lumos checkpoint (whose architecture must be the net's) or a
    /// PyTorch <c>.pth</c> state dict, chosen by the file's content.
    /// </summary>
    /// <exception cref="LumosException">Missing file, another architecture, or mismatched keys or shapes.</exception>
    public static void LoadWeights(Module<Tensor, Tensor> net, string pathOrName)
    {
        var path = Resolve(pathOrName);
        if (!IsLumosCheckpoint(path))
        {
            var state = PyTorchStateDict.Read(path);
            try { StateDicts.Load(net, state, path); }
            finally { foreach (var tensor in state.Values) tensor.Dispose(); }
            return;
        }
        var arch = ReadMeta(path).Arch;
        var expected = NetArchs.InfoOf(net).Name;
        if (!arch.Equals(expected, StringComparison.OrdinalIgnoreCase))
            throw new LumosException($"{path}: a {arch} checkpoint, not {expected}");
        LoadLumosWeights(net, path);
    }

    /// <summary>The saved optimiser state of a checkpoint, in memory, or null when it has none.</summary>
    public static MemoryStream? ReadOptimizerState(string path)
    {
        using var archive = OpenArchive(path);
        var entry = archive.GetEntry(OptimizerEntry);
        if (entry is null) return null;
        var state = new MemoryStream();
        Reading(path, () => { using var stream = entry.Open(); stream.CopyTo(state); return state; });
        state.Position = 0;
        return state;
    }

    /// <summary>
    /// Runs <paramref name="read"/> on the checkpoint <paramref name="path"/>, turning the exceptions of a cut-off or
    /// damaged file (end of stream, bad zip or deflate data) into one line that names the file.
    /// </summary>
    /// <exception cref="LumosException">The file is truncated or corrupt.</exception>
    internal static T Reading<T>(string path, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw Corrupt(path, e);
        }
    }

    private static LumosException Corrupt(string path, Exception e) =>
        new($"{path}: truncated/corrupt checkpoint ({e.Message.Split('\n')[0].TrimEnd('.')})", e);

    private static object ArchOptions(CheckpointMeta meta, string path)
    {
        var info = NetArchs.Registry.All.FirstOrDefault(a => a.Name.Equals(meta.Arch.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new LumosException($"{path}: unknown architecture '{meta.Arch}' (known: {string.Join(", ", NetArchs.Registry.All.Select(a => a.Name))})");
        if (info.OptionsType is null) throw new LumosException($"{path}: {meta.Arch} has no options record");
        object options;
        try { options = meta.Options.Deserialize(info.OptionsType, Json) ?? throw new LumosException($"{path}: no options for {meta.Arch}"); }
        catch (JsonException e) { throw new LumosException($"{path}: unreadable options for {meta.Arch} ({e.Message})", e); }
        // The ranges the command line enforces hold for a file too: a net of 100000 channels would exhaust memory.
        try { OptionsBinder.Validate(options, info.Name); }
        catch (LumosException e) { throw new LumosException($"{path}: invalid options ({e.Message})", e); }
        return options;
    }

    /// <summary>
    /// True when <paramref name="path"/> is a Lumos checkpoint (a zip with <c>meta.json</c>), false for anything else
    /// (a PyTorch state dict). A file named <c>*.lumosnet</c> that is not one is an error, not a PyTorch file.
    /// </summary>
    /// <exception cref="LumosException">A <c>.lumosnet</c> file that is truncated, corrupt or has no <c>meta.json</c>.</exception>
    public static bool IsLumosCheckpoint(string path)
    {
        bool named = path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);
        try
        {
            using var archive = ZipFile.OpenRead(path);
            if (archive.GetEntry(MetaEntry) is not null) return true;
            return named ? throw new LumosException($"{path}: not a Lumos checkpoint (no {MetaEntry})") : false;
        }
        catch (InvalidDataException e) when (named)
        {
            throw Corrupt(path, e);
        }
        catch (InvalidDataException) { return false; }
    }

    private static void LoadLumosWeights(Module net, string path)
    {
        using var archive = OpenArchive(path);
        using var weights = new MemoryStream();
        Reading(path, () => { using var stream = Entry(archive, path, WeightsEntry).Open(); stream.CopyTo(weights); return weights; });
        weights.Position = 0;
        try { Reading(path, () => net.load(weights, strict: true)); }
        catch (ArgumentException e) { throw new LumosException($"{path}: weights do not fit {net.GetType().Name} ({e.Message})", e); }
    }

    private static ZipArchive OpenArchive(string path)
    {
        try { return ZipFile.OpenRead(path); }
        catch (InvalidDataException e) { throw Corrupt(path, e); }
    }

    private static ZipArchiveEntry Entry(ZipArchive archive, string path, string name) =>
        archive.GetEntry(name) ?? throw new LumosException($"{path}: not a Lumos checkpoint (no {name})");
}
