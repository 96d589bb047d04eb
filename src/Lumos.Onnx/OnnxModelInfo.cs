using System.Globalization;

namespace Lumos.Onnx;

/// <summary>
/// What Lumos records in an exported model's <c>metadata_props</c> (keys <c>lumos.*</c>) and reads back from
/// any model, so an exported file runs with no flags: task, channels (RGB or MATLAB Y), scale, whether it wants
/// a bicubic-upsampled input, value range, receptive margin and the tile grid of a net that down-samples. A model without them (an external one) gets
/// null fields and the caller's defaults.
/// </summary>
/// <param name="Arch">The architecture, or null for an external model.</param>
/// <param name="Signature">The recorded signature, or null when the model has none.</param>
/// <param name="PostProcess">A whole-image step after the net (e.g. <c>mbllen</c>), or null.</param>
/// <param name="TrainedScales">
/// The scales a super-resolution net was trained for, the first being the one to run by default; null when not
/// recorded. It matters for nets fed an upsampled image (SRCNN, VDSR), whose graph runs at any scale.
/// </param>
public sealed record OnnxModelInfo(string? Arch, NetSignature? Signature, string? PostProcess, IReadOnlyList<int>? TrainedScales = null)
{
    private const string ArchKey = "lumos.arch", TaskKey = "lumos.task", ChannelsKey = "lumos.channels", ScaleKey = "lumos.scale",
        InputKey = "lumos.input", RangeKey = "lumos.range", MarginKey = "lumos.margin", OptionsKey = "lumos.options",
        AlignKey = "lumos.align";

    /// <summary>The metadata key naming a post-processing step.</summary>
    public const string PostProcessKey = "lumos.post-process";

    /// <summary>The metadata key listing the scales a net was trained for (comma-separated, e.g. <c>2,3,4</c>).</summary>
    public const string TrainedScalesKey = "lumos.trained-scales";

    /// <summary>The metadata entries describing a net.</summary>
    public static Dictionary<string, string> Metadata(string arch, NetSignature signature, string optionsJson)
    {
        var metadata = new Dictionary<string, string>
        {
        [ArchKey] = arch,
        [TaskKey] = signature.Task,
        [ChannelsKey] = signature.Channels == 1 ? "y" : "rgb",
        [ScaleKey] = signature.Scale.ToString(CultureInfo.InvariantCulture),
        [InputKey] = signature.UpsampledInput ? "upsampled" : "image",
        [RangeKey] = "0,1",
        [MarginKey] = signature.Radius.ToString(CultureInfo.InvariantCulture),
        [OptionsKey] = optionsJson,
        };
        if (signature.PostProcess is not null) metadata[PostProcessKey] = signature.PostProcess;
        if (signature.Align > 1) metadata[AlignKey] = signature.Align.ToString(CultureInfo.InvariantCulture);
        return metadata;
    }

    /// <summary>Largest scale and receptive margin a model may record: beyond them the tiler's arithmetic would overflow.</summary>
    private const int MaxScale = 16, MaxMargin = 4096, MaxAlign = 256;

    /// <summary>Reads the entries back; a model without a complete Lumos signature gets a null one.</summary>
    /// <param name="metadata">The model's metadata_props.</param>
    /// <param name="source">Names the model in messages (a file name).</param>
    /// <exception cref="LumosException">A recorded scale or margin is out of range: the file is damaged or hostile.</exception>
    public static OnnxModelInfo Parse(IReadOnlyDictionary<string, string> metadata, string source)
    {
        string? Get(string key) => metadata.TryGetValue(key, out var v) ? v : null;
        NetSignature? signature = null;
        if (Get(TaskKey) is { } task && Get(ChannelsKey) is { } channels && int.TryParse(Get(ScaleKey), CultureInfo.InvariantCulture, out int scale)
            && int.TryParse(Get(MarginKey), CultureInfo.InvariantCulture, out int margin))
        {
            if (scale is < 1 or > MaxScale) throw OutOfRange(source, ScaleKey, scale, 1, MaxScale);
            if (margin is < 0 or > MaxMargin) throw OutOfRange(source, MarginKey, margin, 0, MaxMargin);
            int align = 1;
            if (Get(AlignKey) is { } alignText && (!int.TryParse(alignText, CultureInfo.InvariantCulture, out align) || align is < 1 or > MaxAlign))
                throw OutOfRange(source, AlignKey, align, 1, MaxAlign);
            signature = new NetSignature(task, channels == "y" ? 1 : 3, scale, Get(InputKey) == "upsampled", margin, Get(PostProcessKey), align);
        }
        return new OnnxModelInfo(Get(ArchKey), signature, Get(PostProcessKey), ParseScales(Get(TrainedScalesKey), source));
    }

    private static int[]? ParseScales(string? text, string source)
    {
        if (text is null) return null;
        var scales = text.Split(',', StringSplitOptions.TrimEntries);
        return [.. scales.Select(part => int.TryParse(part, CultureInfo.InvariantCulture, out int scale) && scale is >= 1 and <= MaxScale
            ? scale
            : throw new LumosException($"{source}: damaged Lumos metadata ({TrainedScalesKey}={text} is not a list of scales 1-{MaxScale})"))];
    }

    private static LumosException OutOfRange(string source, string key, int value, int min, int max) =>
        new($"{source}: damaged Lumos metadata ({key}={value.ToString(CultureInfo.InvariantCulture)} is out of range {min}-{max})");
}
