using Lumos.Evaluation;
using Lumos.Imaging;
using Lumos.Measures;
using Lumos.Processing;

namespace Lumos.Video;

/// <summary>
/// <c>lumos eval --task video</c>: every method over every video of folders of videos, each result encoded losslessly
/// (ffv1, so the codec adds no error of its own) and measured for what matters in video: brightness flicker and the
/// warping error against the input's motion (<see cref="WarpingError"/>), with the mean brightness for context. The
/// result has the shape of an image evaluation, so <see cref="EvalReport"/> writes the same table, charts and HTML.
/// Time is per frame (decode and encode included), so the report's ms/MP is per frame megapixel.
/// </summary>
public static class VideoEvaluation
{
    /// <summary>The measures of a video evaluation, in report order.</summary>
    public static IReadOnlyList<(string Name, MeasureGoal Goal)> Measures { get; } =
        [("flicker", MeasureGoal.Lower), ("warping error", MeasureGoal.Lower), ("brightness", MeasureGoal.None)];

    /// <summary>A folder of videos as a dataset (unpaired: the input is the reference for the warping error).</summary>
    /// <exception cref="LumosException">Not a folder.</exception>
    public static EvalDataset Dataset(string folder)
    {
        if (!Directory.Exists(folder)) throw new LumosException($"{folder}: no such folder (a video dataset is a folder of videos)");
        var videos = ImageFolder.Files(folder, VideoInfo.Files);
        return new EvalDataset(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))),
            [.. videos.Select(v => new EvalSample(Path.GetFileName(v), v, null))], []);
    }

    /// <summary>Runs the methods over the datasets' videos.</summary>
    /// <param name="datasets">Folders of videos (<see cref="Dataset"/>).</param>
    /// <param name="methods">Method names with their parameters.</param>
    /// <param name="smoothing">The video mode's time constant in seconds (0 = every frame its own statistics).</param>
    /// <param name="progress">Told before each video.</param>
    /// <param name="cancel">Stops before the next video.</param>
    /// <exception cref="LumosException">An unknown method or parameter.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static EvalResult Run(IReadOnlyList<EvalDataset> datasets, IReadOnlyList<(string Name, IReadOnlyList<KeyValuePair<string, string>> Parameters)> methods,
        double smoothing, IProgress<EvalProgress>? progress = null, CancellationToken cancel = default)
    {
        var operations = methods.Select(m => (m.Name, Operation: Operations.Create(EvaluationRunner.MethodOf(m.Name), m.Parameters))).ToArray();
        var scratch = Directory.CreateTempSubdirectory("lumos-video-eval-").FullName;
        try
        {
            var records = new List<EvalRecord>();
            var problems = new List<string>();
            int total = datasets.Sum(d => d.Samples.Count), done = 0;
            foreach (var dataset in datasets)
                foreach (var sample in dataset.Samples)
                {
                    if (cancel.IsCancellationRequested) throw new OperationCanceledException($"interrupted after {done} of {total} videos", cancel);
                    progress?.Report(new EvalProgress(done++, total, $"{dataset.Name}/{sample.Name}"));
                    foreach (var (name, operation) in operations)
                    {
                        var output = Path.Combine(scratch, "result.mkv");
                        try
                        {
                            var job = VideoJob.Run(sample.Input, output, operation, new VideoOptions { Codec = VideoCodec.Ffv1, Smoothing = smoothing, Overwrite = true }, null, cancel);
                            var (brightness, flicker) = Flicker.Trace(output);
                            var warping = WarpingError.Measure(sample.Input, output, cancellation: cancel);
                            var values = new Dictionary<string, double> { ["flicker"] = flicker, ["warping error"] = warping.Error, ["brightness"] = brightness };
                            var size = VideoInfo.Probe(output);
                            records.Add(new EvalRecord(dataset.Name, name, sample.Name, size.Width, size.Height, 1000 * job.Seconds / Math.Max(1, job.Frames), values));
                        }
                        catch (LumosException e) { problems.Add($"skipped {sample.Input}: {name}: {e.Message}"); }
                    }
                }
            return new EvalResult(records, datasets,
                [.. methods.Select(m => (m.Name, (IReadOnlyDictionary<string, string>)m.Parameters.ToDictionary(p => p.Key, p => p.Value)))],
                Measures, problems, new Dictionary<(string, string, string), byte[]>());
        }
        finally
        {
            foreach (var (_, operation) in operations) operation.Dispose();
            Directory.Delete(scratch, recursive: true);
        }
    }
}
