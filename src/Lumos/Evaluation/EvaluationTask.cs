using Lumos.Imaging;
using Lumos.Measures;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Evaluation;

/// <summary>
/// What an evaluation evaluates: where its methods come from and how one runs on an input, which measures it
/// reports by default and how they are configured, and how a sample becomes an (input, ground truth) pair.
/// <see cref="EvaluationRunner"/> runs any task the same way.
/// </summary>
public interface IEvaluationTask
{
    /// <summary>The parameters the named method accepts, with their defaults.</summary>
    /// <exception cref="LumosException">No such method in this task's registry.</exception>
    IReadOnlyList<ParameterInfo> Parameters(string method);

    /// <summary>The named method, built with <paramref name="parameters"/>, as a function from input to result.</summary>
    /// <exception cref="LumosException">No such method, or a parameter it does not accept.</exception>
    Func<Mat, Mat> CreateMethod(string method, IReadOnlyList<KeyValuePair<string, string>> parameters);

    /// <summary>The value of each of the method's parameters as it runs with <paramref name="given"/>, for the report.</summary>
    IReadOnlyDictionary<string, string> ParametersAsRun(string method, IReadOnlyList<KeyValuePair<string, string>> given) =>
        Parameters(method).ValuesAsRun(given);

    /// <summary>The measures reported when none are named, for these datasets.</summary>
    IReadOnlyList<string> DefaultMeasures(IReadOnlyList<EvalDataset> datasets);

    /// <summary>The settings this task gives the named measure over its defaults (super-resolution: Y and a border crop).</summary>
    IReadOnlyList<KeyValuePair<string, string>> MeasureSettings(string name) => [];

    /// <summary>What the evaluation does to the data, for the report (e.g. the degradation that makes the inputs).</summary>
    string Description { get; }

    /// <summary>True when every sample's ground truth is the image itself and the task makes the input from it, so every dataset is paired.</summary>
    bool MakesGroundTruths => false;

    /// <summary>Reads a sample as the pair its methods and measures see: the input and its ground truth (null when there is none).</summary>
    /// <exception cref="LumosException">A file is unreadable, or the pair does not fit together.</exception>
    (Mat Input, Mat? GroundTruth) Load(EvalSample sample, ReadOptions read);
}

/// <summary>
/// Low-light enhancement: methods from <see cref="Methods.EnhancementMethods"/>; by default every measure the data
/// allows (full-reference ones need a paired dataset, except those that compare with the input, such as LOE);
/// inputs are the dataset's images, ground truths the paired ones, of the same size.
/// </summary>
public sealed class LowLightTask : IEvaluationTask
{
    /// <summary>Joins the methods of a chain: <c>lime+dncnn</c> runs lime, then dncnn on its result.</summary>
    public const char ChainSeparator = '+';

    /// <inheritdoc />
    /// <remarks>A chain takes the parameters of all its methods.</remarks>
    public IReadOnlyList<ParameterInfo> Parameters(string method) =>
        [.. Steps(method).SelectMany(step => Methods.EnhancementMethods.Registry.Get(step).Parameters).DistinctBy(p => p.Name)];

    /// <inheritdoc />
    /// <remarks>
    /// In a chain (<c>lime+dncnn</c>) each method gets the parameters it takes, and those qualified with its name
    /// (<c>he.channel=v</c> in <c>he+gamma</c>), which win over plain ones and reach no other step.
    /// </remarks>
    public Func<Mat, Mat> CreateMethod(string method, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var steps = Steps(method);
        var taken = Parameters(method);
        foreach (var (key, _) in parameters)
        {
            if (Qualified(key) is not { } qualified)
            {
                if (!taken.Takes(key)) throw LumosException.Usage($"{method}: no method of the chain takes '{key}'");
            }
            else if (steps.Length == 1 || !steps.Contains(qualified.Step, StringComparer.OrdinalIgnoreCase))
                throw LumosException.Usage($"{method}: '{qualified.Step}' in '{key}' is not a method of the chain");
            else if (!Methods.EnhancementMethods.Registry.Get(qualified.Step).Parameters.Takes(qualified.Name))
                throw LumosException.Usage($"{method}: {qualified.Step} takes no '{qualified.Name}'");
        }
        var chain = steps.Select(step => Methods.EnhancementMethods.Registry.Create(step, steps.Length == 1 ? parameters : StepParameters(step, parameters))).ToArray();
        return image =>
        {
            var current = image;
            foreach (var step in chain)
            {
                var next = Methods.Enhancer.Apply(step, current);
                if (!ReferenceEquals(current, image)) current.Dispose();
                current = next;
            }
            return current;
        };
    }

    /// <inheritdoc />
    /// <remarks>A chain's are named by step, <c>he.channel</c>, <c>gamma.channel</c>: two steps may take one name with different values.</remarks>
    public IReadOnlyDictionary<string, string> ParametersAsRun(string method, IReadOnlyList<KeyValuePair<string, string>> given)
    {
        var steps = Steps(method);
        if (steps.Length == 1) return Parameters(method).ValuesAsRun(given);
        var values = new Dictionary<string, string>();
        foreach (var step in steps)
            foreach (var (name, value) in Methods.EnhancementMethods.Registry.Get(step).Parameters.ValuesAsRun(StepParameters(step, given)))
                values[$"{step}.{name}"] = value;
        return values;
    }

    /// <summary>A chain step's parameters: the plain ones it takes, then those qualified with its name, unqualified.</summary>
    private static KeyValuePair<string, string>[] StepParameters(string step, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var own = Methods.EnhancementMethods.Registry.Get(step).Parameters;
        return [.. parameters.Where(p => Qualified(p.Key) is null && own.Takes(p.Key)),
            .. parameters.Where(p => Qualified(p.Key) is { } q && q.Step.Equals(step, StringComparison.OrdinalIgnoreCase))
                .Select(p => new KeyValuePair<string, string>(Qualified(p.Key)!.Value.Name, p.Value))];
    }

    /// <summary>STEP.NAME split in two, or null for a plain name (parameter names have no dots).</summary>
    private static (string Step, string Name)? Qualified(string key) =>
        key.Split('.', 2, StringSplitOptions.TrimEntries) is [var step, var name] ? (step, name) : null;

    /// <summary>The methods of a chain in order (<c>lime+dncnn</c>: lime, dncnn); one for a plain method.</summary>
    public static string[] Steps(string method) => method.Split(ChainSeparator, StringSplitOptions.TrimEntries);

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultMeasures(IReadOnlyList<EvalDataset> datasets)
    {
        bool anyPaired = datasets.Any(d => d.Samples.Any(s => s.GroundTruth is not null));
        return QualityMeasures.Registry.All.Where(m => anyPaired || !NeedsGroundTruth(m)).Select(m => m.Name).ToArray();
    }

    /// <inheritdoc />
    public string Description => "low-light enhancement of the dataset's images, full-reference measures against its ground truths";

    /// <inheritdoc />
    public (Mat Input, Mat? GroundTruth) Load(EvalSample sample, ReadOptions read)
    {
        var input = ImageIO.Read(sample.Input, read);
        if (sample.GroundTruth is null) return (input, null);
        try
        {
            var truth = ImageIO.Read(sample.GroundTruth, read);
            if (truth.Size() == input.Size()) return (input, truth);
            var size = truth.Size();
            truth.Dispose();
            throw new LumosException($"{sample.GroundTruth}: ground truth is {size.Width}×{size.Height}, input is {input.Width}×{input.Height}");
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    private static bool NeedsGroundTruth(ComponentInfo<IMeasure> info) =>
        typeof(IReferenceMeasure).IsAssignableFrom(info.Type) && !((IReferenceMeasure)info.Create()).ReferenceIsInput;
}

/// <summary>
/// Super-resolution at one scale, as SR papers evaluate it: every image is a high-resolution ground truth, cropped
/// to a multiple of the scale and degraded by MATLAB bicubic downscaling into the input; methods are upscalers from
/// <see cref="SuperResolution.Upscalers"/>; PSNR and SSIM by default, on Y with a border crop of the scale.
/// </summary>
/// <param name="scale">The upscaling factor.</param>
public sealed class SuperResolutionTask(int scale) : IEvaluationTask
{
    private readonly SuperResolution.Degradation degradation = new(new SuperResolution.DegradationOptions { Scale = scale });

    /// <inheritdoc />
    public IReadOnlyList<ParameterInfo> Parameters(string method) => SuperResolution.Upscalers.Registry.Get(method).Parameters;

    /// <inheritdoc />
    public Func<Mat, Mat> CreateMethod(string method, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var upscaler = SuperResolution.Upscalers.Registry.Create(method, parameters);
        return image => SuperResolution.Upscaler.Apply(upscaler, image, scale);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultMeasures(IReadOnlyList<EvalDataset> datasets) => ["psnr", "ssim"];

    /// <summary>Those that compare planes do so on Y with a border crop of the scale, as SR papers report.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MeasureSettings(string name)
    {
        var info = QualityMeasures.Registry.Get(name);
        return [.. new KeyValuePair<string, string>[] { new("channel", "y"), new("crop-border", $"{scale}") }.Where(p => info.Parameters.Takes(p.Key))];
    }

    /// <inheritdoc />
    public string Description => $"super-resolution ×{scale}: each ground truth cropped to a multiple of {scale}, its input made by MATLAB bicubic downscaling";

    /// <inheritdoc />
    public bool MakesGroundTruths => true;

    /// <inheritdoc />
    public (Mat Input, Mat? GroundTruth) Load(EvalSample sample, ReadOptions read)
    {
        using var image = ImageIO.Read(sample.Input, read);
        var (truth, input) = degradation.Pair(image, new Random(0));
        return (input, truth);
    }
}

/// <summary>
/// Low-light enhancement on synthetic pairs: every image is a normal-light ground truth, darkened into the input by
/// <see cref="Darkening"/> with a seed from its file name, so any folder of good photos becomes a paired test set whose
/// inputs are the same on every machine. Methods and measures as <see cref="LowLightTask"/>, full-reference ones included.
/// </summary>
/// <param name="darkening">The degradation.</param>
public sealed class DarkenedTask(Darkening darkening) : IEvaluationTask
{
    private readonly LowLightTask lowLight = new();

    /// <inheritdoc />
    public IReadOnlyList<ParameterInfo> Parameters(string method) => lowLight.Parameters(method);

    /// <inheritdoc />
    public Func<Mat, Mat> CreateMethod(string method, IReadOnlyList<KeyValuePair<string, string>> parameters) => lowLight.CreateMethod(method, parameters);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> ParametersAsRun(string method, IReadOnlyList<KeyValuePair<string, string>> given) => lowLight.ParametersAsRun(method, given);

    /// <summary>Every registered measure: each sample has its ground truth.</summary>
    public IReadOnlyList<string> DefaultMeasures(IReadOnlyList<EvalDataset> datasets) => [.. QualityMeasures.Registry.All.Select(m => m.Name)];

    /// <inheritdoc />
    public string Description
    {
        get
        {
            var o = darkening.Options;
            return FormattableString.Invariant($"low-light enhancement of inputs darkened from the ground truths: exposure {o.Exposure}·x^{o.Gamma}, Poisson shot noise (peak {o.PoissonPeak}), read noise σ {o.ReadNoise}, seeded by file name");
        }
    }

    /// <inheritdoc />
    public bool MakesGroundTruths => true;

    /// <inheritdoc />
    public (Mat Input, Mat? GroundTruth) Load(EvalSample sample, ReadOptions read)
    {
        var truth = ImageIO.Read(sample.Input, read);
        try { return (darkening.Apply(truth, Darkening.SeedOf(sample.Input)), truth); }
        catch
        {
            truth.Dispose();
            throw;
        }
    }
}
