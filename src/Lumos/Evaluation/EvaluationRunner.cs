using System.Diagnostics;
using Lumos.Imaging;
using Lumos.Measures;
using Lumos.Registry;
using OpenCvSharp;

namespace Lumos.Evaluation;

/// <summary>What <see cref="EvaluationRunner"/> runs.</summary>
public sealed record EvalOptions
{
    /// <summary>Registered method names, each run with its default parameters.</summary>
    public required IReadOnlyList<string> Methods { get; init; }

    /// <summary>Measure names; null means every registered measure that applies to the data.</summary>
    public IReadOnlyList<string>? Measures { get; init; }

    /// <summary>Width of the thumbnails kept for the HTML report, in pixels (0 keeps none).</summary>
    public int ThumbnailWidth { get; init; } = 240;

    /// <summary>How images are read (pixel limit).</summary>
    public ReadOptions Read { get; init; } = new();

    /// <summary>What is evaluated: <see cref="LowLightTask"/> (the default) or <see cref="SuperResolutionTask"/>.</summary>
    public IEvaluationTask Task { get; init; } = new LowLightTask();

    /// <summary>Parameters per method name, e.g. fsrcnn → weights=my.lumosnet.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<KeyValuePair<string, string>>> MethodParameters { get; init; } =
        new Dictionary<string, IReadOnlyList<KeyValuePair<string, string>>>();
}

/// <summary>One method run on one image: time and measure values (absent where a measure does not apply).</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Method">Method name.</param>
/// <param name="Image">Sample name.</param>
/// <param name="Width">Image width.</param>
/// <param name="Height">Image height.</param>
/// <param name="Milliseconds">Wall time of the enhancement alone (not I/O or measuring).</param>
/// <param name="Values">Measure name → value.</param>
public sealed record EvalRecord(string Dataset, string Method, string Image, int Width, int Height, double Milliseconds, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>Milliseconds per megapixel.</summary>
    public double MillisecondsPerMegapixel => Milliseconds / (Width * (double)Height / 1e6);
}

/// <summary>Everything an evaluation produced, ready for <see cref="EvalReport"/>.</summary>
/// <param name="Records">One record per method × image.</param>
/// <param name="Datasets">The datasets, with the files they left out.</param>
/// <param name="Methods">Methods with the parameter values they ran with (defaults and overrides).</param>
/// <param name="Measures">Measures used, with their goals.</param>
/// <param name="Problems">
/// What went wrong while running, one line each: "skipped …" for a sample left out (unreadable, size mismatch, method
/// failure), or a measure left undefined for one image (NIQE on a tiny one), which keeps the image.
/// </param>
/// <param name="Thumbnails">JPEG thumbnails keyed by (dataset, image, column) where column is "input", "ground truth" or a method.</param>
public sealed record EvalResult(
    IReadOnlyList<EvalRecord> Records,
    IReadOnlyList<EvalDataset> Datasets,
    IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Parameters)> Methods,
    IReadOnlyList<(string Name, MeasureGoal Goal)> Measures,
    IReadOnlyList<string> Problems,
    IReadOnlyDictionary<(string Dataset, string Image, string Column), byte[]> Thumbnails)
{
    /// <summary>What the evaluation did to the data (<see cref="IEvaluationTask.Description"/>), or null.</summary>
    public string? Task { get; init; }

    /// <summary>Each measure's parameters as run (its defaults, and the task's settings such as Y and a border crop), or null.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? MeasureParameters { get; init; }

    /// <summary>True when the task made each image's ground truth (<see cref="IEvaluationTask.MakesGroundTruths"/>).</summary>
    public bool GroundTruthsMade { get; init; }

    /// <summary>Whether the dataset's results were measured against ground truths: its own pairs or ones the task made.</summary>
    public bool IsPaired(EvalDataset dataset) => GroundTruthsMade || dataset.IsPaired;
}

/// <summary>Progress of an evaluation: samples done out of all.</summary>
/// <param name="Done">Samples finished.</param>
/// <param name="Total">All samples.</param>
/// <param name="Current">The sample being worked on.</param>
public sealed record EvalProgress(int Done, int Total, string Current);

/// <summary>
/// Runs methods over datasets, timing each enhancement and measuring each result: no-reference measures
/// on the result, full-reference ones against the ground truth (or against the input, for LOE).
/// Deterministic: the same inputs give the same numbers (times aside).
/// </summary>
public static class EvaluationRunner
{
    /// <summary>Runs the evaluation.</summary>
    /// <param name="datasets">The datasets.</param>
    /// <param name="options">Methods, measures and their parameters.</param>
    /// <param name="progress">Told before each image.</param>
    /// <param name="cancel">Stops before the next image; nothing is returned.</param>
    /// <exception cref="LumosException">Unknown method or measure name.</exception>
    /// <exception cref="OperationCanceledException">Cancelled: "interrupted after N of M images".</exception>
    public static EvalResult Run(IReadOnlyList<EvalDataset> datasets, EvalOptions options, IProgress<EvalProgress>? progress = null, CancellationToken cancel = default)
    {
        var task = options.Task;
        CheckLabels(options.Methods);
        var methods = options.Methods.Select(name => CreateMethod(name, options)).ToArray();
        var measureNames = options.Measures ?? task.DefaultMeasures(datasets);
        var measures = measureNames.Select(name =>
        {
            var info = QualityMeasures.Registry.Get(name);
            var settings = task.MeasureSettings(name);
            return (Name: name, Measure: info.Create(settings), Parameters: (IReadOnlyDictionary<string, string>)info.Parameters.ValuesAsRun(settings));
        }).ToArray();

        // One untimed run per method first, so JIT compilation and first-call set-up are not billed to image 1;
        // 640×480 is large enough to take the same code paths (e.g. the fast large-sigma blur) as photos.
        using (var warmUp = new Mat(480, 640, MatType.CV_8UC3, new Scalar(40, 30, 20)))
            foreach (var method in methods) method.Run(warmUp).Dispose();

        var records = new List<EvalRecord>();
        var problems = new List<string>();
        var thumbnails = new Dictionary<(string, string, string), byte[]>();
        int total = datasets.Sum(d => d.Samples.Count), done = 0;
        foreach (var dataset in datasets)
            foreach (var sample in dataset.Samples)
            {
                if (cancel.IsCancellationRequested) throw new OperationCanceledException($"interrupted after {done} of {total} images", cancel);
                progress?.Report(new EvalProgress(done, total, $"{dataset.Name}/{sample.Name}"));
                try
                {
                    var (input, truth) = task.Load(sample, options.Read);
                    using var inputScope = input;
                    using var truthScope = truth;
                    Thumbnail(thumbnails, options, dataset.Name, sample.Name, "input", input);
                    if (truth is not null) Thumbnail(thumbnails, options, dataset.Name, sample.Name, "ground truth", truth);
                    foreach (var (name, _, run) in methods)
                    {
                        var clock = Stopwatch.StartNew();
                        using var result = run(input);
                        double ms = clock.Elapsed.TotalMilliseconds;
                        var values = new Dictionary<string, double>();
                        foreach (var (measureName, measure, _) in measures)
                        {
                            var reference = measure is IReferenceMeasure { ReferenceIsInput: true } ? input : truth;
                            if (measure is IReferenceMeasure && reference is null)
                            {
                                // Named by the user, but unpaired data has nothing to compare with: said once, not dropped
                                // silently (the default measures of a mixed run leave it out without a word).
                                var unpaired = $"{dataset.Name}: {measureName} not measured (it compares with a ground truth, and the dataset has none)";
                                if (options.Measures is not null && !problems.Contains(unpaired)) problems.Add(unpaired);
                                continue;
                            }
                            var (value, error) = QualityMeasures.TryMeasure(measure, result, reference);
                            if (value is double v) values[measureName] = v;
                            // A measure undefined for this image (e.g. NIQE below two patches) leaves a gap, not a lost sample.
                            var problem = $"{sample.Input}: {measureName} not measured ({error})";
                            if (error is not null && !problems.Contains(problem)) problems.Add(problem);
                        }
                        records.Add(new EvalRecord(dataset.Name, name, sample.Name, result.Width, result.Height, ms, values));
                        Thumbnail(thumbnails, options, dataset.Name, sample.Name, name, result);
                    }
                }
                catch (LumosException e) { problems.Add($"skipped {e.Message}"); }
                done++;
            }
        progress?.Report(new EvalProgress(done, total, ""));
        return new EvalResult(records, datasets,
            methods.Select(m => (m.Name, m.Parameters)).ToArray(),
            measures.Select(m => (m.Name, m.Measure.Goal)).ToArray(),
            problems, thumbnails)
        {
            Task = task.Description,
            MeasureParameters = measures.ToDictionary(m => m.Name, m => m.Parameters),
            GroundTruthsMade = task.MakesGroundTruths,
        };
    }

    /// <summary>
    /// The registered method behind a row label: a label is the method's name, or NAME@VARIANT to run one method
    /// more than once with different parameters (two checkpoints of one net: <c>fsrcnn@old</c>, <c>fsrcnn@new</c>).
    /// </summary>
    public static string MethodOf(string label) => label.Split('@')[0];

    /// <summary>
    /// Checks the row labels: each once (two rows of one label would pool their images into one mean) and none with an
    /// empty method or variant (<c>gamma@</c>).
    /// </summary>
    /// <exception cref="LumosException">A label repeats or is incomplete (a usage error).</exception>
    public static void CheckLabels(IReadOnlyList<string> labels)
    {
        if (labels.FirstOrDefault(l => l.Split('@') is var parts && (parts.Length > 2 || parts.Any(p => p.Trim().Length == 0))) is { } bad)
            throw LumosException.Usage($"'{bad}' is not a method or METHOD@VARIANT");
        if (labels.GroupBy(l => l, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw LumosException.Usage($"'{twice.Key}' is named twice; to compare a method with itself, label the runs ({twice.Key}@a,{twice.Key}@b)");
    }

    private static (string Name, IReadOnlyDictionary<string, string> Parameters, Func<Mat, Mat> Run) CreateMethod(string name, EvalOptions options)
    {
        var given = options.MethodParameters.TryGetValue(name, out var list) ? list : [];
        var run = options.Task.CreateMethod(MethodOf(name), given);
        return (name, options.Task.ParametersAsRun(MethodOf(name), given), run);
    }

    private static void Thumbnail(Dictionary<(string, string, string), byte[]> store, EvalOptions options, string dataset, string image, string column, Mat picture)
    {
        if (options.ThumbnailWidth <= 0) return;
        int width = Math.Min(options.ThumbnailWidth, picture.Width);
        int height = Math.Max(1, (int)Math.Round(picture.Height * (width / (double)picture.Width)));
        using var small = new Mat();
        Cv2.Resize(picture, small, new Size(width, height), interpolation: InterpolationFlags.Area);
        using var eight = small.Depth() == MatType.CV_8U ? small.Clone() : new Mat();
        if (small.Depth() != MatType.CV_8U) small.ConvertTo(eight, MatType.CV_8U, 255.0 / 65535.0);
        Cv2.ImEncode(".jpg", eight, out var jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 85));
        store[(dataset, image, column)] = jpeg;
    }
}
