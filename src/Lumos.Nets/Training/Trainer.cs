using System.Diagnostics;
using System.Text.Json.Nodes;
using Lumos.Imaging;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using OpenCvSharp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lumos.Nets.Training;

/// <summary>Settings of a training run.</summary>
public sealed record TrainOptions
{
    /// <summary>Folder of training images (searched recursively).</summary>
    public required string Data { get; init; }

    /// <summary>The checkpoint to write (and to resume from); the best-scoring weights go to <see cref="Trainer.BestPath"/> beside it.</summary>
    public required string Out { get; init; }

    /// <summary>Optimiser steps in all (a resumed run continues up to this count).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Crops per batch.</summary>
    public int Batch { get; init; } = 8;

    /// <summary>Side of the square random crops.</summary>
    public int Crop { get; init; } = 128;

    /// <summary>
    /// Scale augmentation: crops are also drawn from copies of every training image shrunk by these factors, each in
    /// (0, 1) (FSRCNN §4.1 uses 0.9, 0.8, 0.7 and 0.6); empty = the images as they are.
    /// </summary>
    public IReadOnlyList<double> Shrink { get; init; } = [];

    /// <summary>Initial learning rate; null = the objective's <see cref="TrainingRecipe"/>.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Optimiser; null = the recipe's.</summary>
    public OptimizerKind? Optimizer { get; init; }

    /// <summary>L2 weight decay; null = the recipe's.</summary>
    public double? WeightDecay { get; init; }

    /// <summary>Gradient-norm clip (0 = none); null = the recipe's.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>
    /// Divide the learning rate by the recipe's factor after every this fraction of the run (0 = constant); null = the recipe's.
    /// A paper's schedule is tied to its run length: a much shorter run (e.g. Adam where the paper used SGD) may need fewer decays.
    /// </summary>
    public double? DecayEvery { get; init; }

    /// <summary>Seed of the initial weights and of every batch: the same seed gives the same loss curve.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Continue from the checkpoint at <see cref="Out"/>: weights, optimiser state, weight average, step, loss and
    /// validation curves. With a larger <see cref="Steps"/> the learning rate never rises above the one the run had
    /// reached: decays already taken stay taken, later ones follow the new length.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Start from these weights (a Lumos checkpoint, a shipped model's name or a PyTorch state dict) instead of the
    /// objective's initialisation: a new run (step 0, fresh optimiser) that fine-tunes them. Not with <see cref="Resume"/>.
    /// </summary>
    public string? InitialWeights { get; init; }

    /// <summary>
    /// Also save a checkpoint every this many steps; 0 = off (the default: <see cref="SaveMinutes"/> paces the saves, so a
    /// net running 150 steps a second does not write its optimiser state twice a second). A run always saves at the end
    /// and on cancellation.
    /// </summary>
    public int SaveEvery { get; init; }

    /// <summary>Also save when this many minutes have passed since the last save, so a long run can be stopped and resumed losing little; 0 = off.</summary>
    public double SaveMinutes { get; init; } = 5;

    /// <summary>A folder of validation images; null = hold out <see cref="ValidationSplit"/> of <see cref="Data"/>.</summary>
    public string? ValidationData { get; init; }

    /// <summary>
    /// Fraction of <see cref="Data"/>'s images held out for validation when <see cref="ValidationData"/> is not given (a seeded
    /// choice; folders of fewer than 20 images are not split); 0 = no validation.
    /// </summary>
    public double ValidationSplit { get; init; } = 0.05;

    /// <summary>Score the validation set every this many steps (and at the end); 0 = 20 rounds over the run.</summary>
    public int ValidateEvery { get; init; }

    /// <summary>Side of the validation centre crops; 0 = twice <see cref="Crop"/>, at most 256, a multiple of 12 (every SR scale divides it).</summary>
    public int ValidationCrop { get; init; }

    /// <summary>Decay of an exponential moving average of the weights, used for validation and the best checkpoint; 0 = off (e.g. 0.999).</summary>
    public double Ema { get; init; }
}

/// <summary>One finished step, for progress displays.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="Loss">Total loss of the step.</param>
/// <param name="Terms">Weighted loss terms by name.</param>
/// <param name="StepsPerSecond">Speed over this session's steps.</param>
/// <param name="Remaining">Estimated time to finish.</param>
/// <param name="LearningRate">The learning rate of the step.</param>
/// <param name="Validation">The validation score when this step ended a validation round, else null.</param>
/// <param name="Best">The best validation score so far (null without validation).</param>
public sealed record TrainProgress(int Step, int Steps, double Loss, IReadOnlyDictionary<string, double> Terms, double StepsPerSecond, TimeSpan Remaining,
    double LearningRate = double.NaN, double? Validation = null, double? Best = null);

/// <summary>
/// Trains a net on random crops (flips and transposes) of a folder of images with its objective's <see cref="TrainingRecipe"/>
/// (Adam or SGD, clipping, step decay), stepping a GAN's discriminator too where there is one. Each step's crops come from
/// a generator seeded by (seed, step), so a run is reproducible and a resumed run continues exactly as an uninterrupted
/// one would; the next step's pairs are made on a worker thread while the current step computes. Held-out images are
/// scored with the objective's own measure every few steps, and the best-scoring weights (their moving average where
/// one is kept) are saved beside the last ones.
/// </summary>
public static class Trainer
{
    private const int AverageMarker = 0x41564721; // "!GVA": a weight average follows the optimiser state

    // The held-out images and their pairs do not follow --seed (which varies the initial weights and the crops): a run
    // that continues another with a new seed (--init) would otherwise train on images the first run was scored on,
    // and score on others. 1 is the default seed, so runs made with it keep their validation sets.
    private const int ValidationSeed = 1;

    /// <summary>Where the best-scoring weights of a run writing <paramref name="output"/> go: <c>NAME.best.lumosnet</c> beside it.</summary>
    public static string BestPath(string output) =>
        Path.Combine(Path.GetDirectoryName(output) ?? "", Path.GetFileNameWithoutExtension(output) + ".best" + Checkpoint.Extension);

    /// <summary>
    /// Holds <c>OUT.lock</c> for the run: two runs writing one checkpoint (a run started twice, a --resume while the
    /// first still trains) would each overwrite the other's saves and best weights. .NET's exclusive open is an
    /// flock on Unix, released by the kernel when the process ends however it ends, so a killed run leaves a stale
    /// file but never a held lock.
    /// </summary>
    private static FileStream LockOutput(string output)
    {
        var path = output + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose); }
        catch (IOException e) when (File.Exists(path) && e is not PathTooLongException)
        {
            throw new LumosException($"{output}: another training is writing it (it holds {Path.GetFileName(path)}); wait for it or stop it, or write to another file", e);
        }
    }

    /// <summary>Runs (or resumes) training and writes the checkpoint; returns its metadata.</summary>
    /// <param name="objective">The net and its losses.</param>
    /// <param name="options">Data, output and hyper-parameters.</param>
    /// <param name="command">The command line, recorded in the checkpoint.</param>
    /// <param name="progress">Called after every step.</param>
    /// <param name="cancel">Stops after the current step; the checkpoint is saved first.</param>
    /// <exception cref="LumosException">No usable images, the checkpoint to resume does not fit, or another run is writing the same output.</exception>
    public static CheckpointMeta Run(ITrainingObjective objective, TrainOptions options, string command, Action<TrainProgress>? progress = null, CancellationToken cancel = default)
    {
        TorchRuntime.EnsureCorrect(); // the objective's net already ran it; this covers objectives built from raw modules
        using var exclusive = LockOutput(options.Out);
        using var quiet = NativeStderr.Mute(); // libpng, libtiff and NNPACK speak on stderr; progress goes through .NET
        var recipe = objective.Recipe with
        {
            Optimizer = options.Optimizer ?? objective.Recipe.Optimizer,
            LearningRate = options.LearningRate ?? objective.Recipe.LearningRate,
            WeightDecay = options.WeightDecay ?? objective.Recipe.WeightDecay,
            ClipNorm = options.ClipNorm ?? objective.Recipe.ClipNorm,
            DecayEvery = options.DecayEvery ?? objective.Recipe.DecayEvery,
        };
        var adversary = (objective as IAdversarialObjective)?.Discriminator;
        if (objective.ValidationPairs is null && options.ValidationData is not null)
            throw new LumosException($"{objective.Arch}: these training pairs have no ground truth to validate against (drop the validation folder)");
        double split = objective.ValidationPairs is null ? 0 : options.ValidationSplit; // nothing to score: train on every image
        var (trainFiles, validationFiles) = options.ValidationData is { } folder
            ? (TrainingImages.FilesIn(options.Data), TrainingImages.FilesIn(folder))
            : TrainingImages.Split(TrainingImages.FilesIn(options.Data), split, ValidationSeed);
        int validationCrop = options.ValidationCrop > 0 ? options.ValidationCrop : Math.Max(12, Math.Min(256, 2 * options.Crop) / 12 * 12);
        using var images = TrainingImages.Read(trainFiles, options.Crop, options.Data, options.Shrink);
        using var validationImages = validationFiles.Count > 0 ? TrainingImages.Read(validationFiles, validationCrop, options.ValidationData ?? options.Data) : null;
        using var validation = validationImages is null ? null : new ValidationSet(objective, validationImages, validationCrop, ValidationSeed, options.Batch);
        string? validationMeasure = validation is null ? null
            : $"{objective.ScoreName}, {validation.Count} {(options.ValidationData is null ? "held-out" : "validation")} images, {validationCrop} px centre crops{(options.Ema > 0 ? $", weight average {options.Ema}" : "")}";
        int validateEvery = options.ValidateEvery > 0 ? options.ValidateEvery : Math.Max(1, options.Steps / 20);

        var net = objective.Net;
        net.train();
        adversary?.train();
        using var optimizer = Optimizer(net, recipe);
        using var adversaryOptimizer = adversary is null ? null : Optimizer(adversary, recipe);
        if (options.InitialWeights is not null)
        {
            if (options.Resume) throw new LumosException("initial weights start a new run and resuming continues one: give one of them");
            Checkpoint.LoadWeights(net, options.InitialWeights); // before the weight average, which starts from the net's weights
        }
        using var average = options.Ema > 0 ? new WeightAverage(net, options.Ema) : null;
        var curve = new LossHistory();
        var validationCurve = new List<ValidationPoint>();
        double rateCap = double.PositiveInfinity;
        int start = 0;
        if (options.Resume)
        {
            if (!File.Exists(options.Out)) throw new LumosException($"{options.Out}: no checkpoint to resume (no such file)");
            var meta = Checkpoint.ReadMeta(options.Out);
            // Another scale or shape would load some layers and start others afresh under the old schedule. Both sides
            // go through the options record, so an option added since the run was saved takes its default on each.
            var (saved, asked) = (Checkpoint.OptionsOf(Checkpoint.ReadArchOptions(options.Out)), Checkpoint.OptionsOf(objective.ArchOptions));
            if (!meta.Arch.Equals(objective.Arch, StringComparison.OrdinalIgnoreCase) || !JsonNode.DeepEquals(saved, asked))
                throw new LumosException($"{options.Out}: a {meta.Arch} {saved.ToJsonString()} run; --resume continues it as it was, not as {objective.Arch} {asked.ToJsonString()}");
            Checkpoint.LoadWeights(net, options.Out);
            using var state = Checkpoint.ReadOptimizerState(options.Out)
                ?? throw new LumosException($"{options.Out}: no optimiser state to resume from");
            using var reader = new BinaryReader(state);
            Checkpoint.Reading(options.Out, () =>
            {
                optimizer.load_state_dict(reader);
                if (adversary is not null)
                {
                    adversary.load(reader);
                    adversaryOptimizer!.load_state_dict(reader);
                }
                bool saved = state.Position < state.Length && reader.ReadInt32() == AverageMarker;
                if (saved && average is not null) average.Load(reader);
                return 0;
            });
            curve = LossHistory.Restore(meta.LossCurve, meta.LossCurveStride, meta.Steps, meta.Metrics.GetValueOrDefault("loss", double.NaN));
            validationCurve.AddRange(meta.Validation ?? []);
            if (meta.Metrics.TryGetValue("lr", out double reached)) rateCap = reached;
            start = (int)meta.Steps;
        }

        double best = validationCurve.Count > 0 ? validationCurve.Max(v => v.Score) : double.NegativeInfinity;
        var clock = Stopwatch.StartNew();
        var sinceSave = Stopwatch.StartNew();
        var terms = new Dictionary<string, double>();
        double rate = recipe.LearningRate;
        int step = start;
        // libtorch runs on two threads at once only inside this window, where no garbage collection may start.
        var window = new CollectionFreeWindow();
        Task<(Tensor Input, Tensor Truth)>? next = null;
        if (step < options.Steps)
        {
            window.Open();
            try { next = Prefetch(objective, images, options, step); }
            finally { WaitQuietly(next); window.Close(); }
        }
        try
        {
            while (next is not null && !cancel.IsCancellationRequested)
            {
                var (input, truth) = next.GetAwaiter().GetResult();
                window.Open();
                try
                {
                    next = step + 1 < options.Steps ? Prefetch(objective, images, options, step + 1) : null;
                    using (input)
                    using (truth)
                    using (var scope = NewDisposeScope())
                    {
                        rate = Math.Min(recipe.LearningRateAt(step, options.Steps), rateCap);
                        var losses = objective.Losses(input, truth);
                        var loss = Step(net, optimizer, losses, recipe, rate);
                        average?.Update();
                        curve.Add(loss);
                        terms = losses.ToDictionary(t => t.Key, t => (double)t.Value.item<float>());
                        if (adversary is not null)
                        {
                            var adversaryLosses = ((IAdversarialObjective)objective).DiscriminatorLosses();
                            Step(adversary, adversaryOptimizer!, adversaryLosses, recipe, rate);
                            foreach (var (name, value) in adversaryLosses) terms[name] = value.item<float>();
                        }
                    }
                }
                finally { WaitQuietly(next); window.Close(); }
                step++;
                double? score = null;
                if (validation is not null && (step % validateEvery == 0 || step == options.Steps))
                {
                    using (average?.Swap())
                    {
                        score = validation.Score(objective);
                        validationCurve.Add(new ValidationPoint(step, score.Value));
                        if (score > best)
                        {
                            best = score.Value;
                            Save(BestPath(options.Out), objective, options, recipe, command, step, rate, curve, terms, images.Count, validationCurve, validationMeasure, state: null);
                        }
                    }
                }
                double speed = (step - start) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                progress?.Invoke(new TrainProgress(step, options.Steps, curve.Last, terms, speed, TimeSpan.FromSeconds((options.Steps - step) / speed),
                    rate, score, validation is null ? null : best));
                bool due = (options.SaveEvery > 0 && step % options.SaveEvery == 0) || (options.SaveMinutes > 0 && sinceSave.Elapsed.TotalMinutes >= options.SaveMinutes);
                if (due && step < options.Steps)
                {
                    Save(options.Out, objective, options, recipe, command, step, rate, curve, terms, images.Count, validationCurve, validationMeasure, State(objective, optimizer, adversaryOptimizer, average));
                    sinceSave.Restart();
                }
            }
        }
        finally
        {
            if (next is not null)
            {
                // Cancelled (or failed) with the next step's pairs in the making: wait for them so they can be freed.
                try { var (input, truth) = next.GetAwaiter().GetResult(); input.Dispose(); truth.Dispose(); }
                catch (LumosException) { }
            }
        }
        return Save(options.Out, objective, options, recipe, command, step, rate, curve, terms, images.Count, validationCurve, validationMeasure, State(objective, optimizer, adversaryOptimizer, average));
    }

    /// <summary>Waits for a prefetch to finish without taking its result (a failure comes out where the result is taken).</summary>
    private static void WaitQuietly(Task? prefetch) => prefetch?.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();

    /// <summary>Starts making the pairs of <paramref name="step"/> on a worker thread (from the step's own generator, so the result does not depend on when it runs).</summary>
    private static Task<(Tensor Input, Tensor Truth)> Prefetch(ITrainingObjective objective, TrainingImages images, TrainOptions options, int step) => Task.Run(() =>
    {
        var random = new Random(unchecked(options.Seed * 1_000_003 + step)); // not HashCode: it is salted per process
        var crops = images.RandomCrops(options.Batch, options.Crop, random);
        try
        {
            using var scope = NewDisposeScope();
            var (input, truth) = objective.Pairs.Pairs(crops, random);
            return (input.DetachFromDisposeScope(), truth.DetachFromDisposeScope());
        }
        finally { foreach (var crop in crops) crop.Dispose(); }
    });

    /// <summary>Writes what a resumed run needs beyond the weights: optimiser state(s) and the weight average.</summary>
    private static Action<Stream> State(ITrainingObjective objective, OptimizerHelper optimizer, OptimizerHelper? adversaryOptimizer, WeightAverage? average) => stream =>
    {
        using var writer = new BinaryWriter(stream);
        optimizer.save_state_dict(writer);
        if (adversaryOptimizer is not null)
        {
            ((IAdversarialObjective)objective).Discriminator.save(writer);
            adversaryOptimizer.save_state_dict(writer);
        }
        if (average is null) return;
        writer.Write(AverageMarker);
        average.Save(writer);
    };

    private static OptimizerHelper Optimizer(nn.Module net, TrainingRecipe recipe) => recipe.Optimizer switch
    {
        OptimizerKind.Sgd => optim.SGD(net.parameters(), recipe.LearningRate, recipe.Momentum, weight_decay: recipe.WeightDecay),
        _ => optim.Adam(net.parameters(), recipe.LearningRate, weight_decay: recipe.WeightDecay),
    };

    /// <summary>One optimiser step on the sum of <paramref name="losses"/> at learning rate <paramref name="rate"/>, clipped as the recipe says; returns the loss.</summary>
    private static double Step(nn.Module net, OptimizerHelper optimizer, IReadOnlyDictionary<string, Tensor> losses, TrainingRecipe recipe, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
        var loss = losses.Values.Aggregate((a, b) => a + b);
        optimizer.zero_grad();
        loss.backward();
        if (recipe.ClipNorm > 0) nn.utils.clip_grad_norm_(net.parameters(), recipe.ClipNorm);
        if (recipe.AdjustableClip > 0) nn.utils.clip_grad_value_(net.parameters(), recipe.AdjustableClip / rate);
        optimizer.step();
        return loss.item<float>();
    }

    private static CheckpointMeta Save(string path, ITrainingObjective objective, TrainOptions options, TrainingRecipe recipe, string command, int step, double rate, LossHistory curve,
        Dictionary<string, double> terms, int imageCount, List<ValidationPoint> validation, string? validationMeasure, Action<Stream>? state)
    {
        var metrics = terms.Append(new("loss", curve.Last)).Append(new("lr", rate)).ToDictionary();
        if (validation.Count > 0)
        {
            var best = validation.MaxBy(v => v.Score)!;
            metrics["validation"] = validation[^1].Score;
            metrics["best_validation"] = best.Score;
            metrics["best_step"] = best.Step;
        }
        var meta = new CheckpointMeta
        {
            Arch = objective.Arch,
            Options = Checkpoint.OptionsOf(objective.ArchOptions),
            Command = command,
            Data = $"{options.Data} ({imageCount} images; crops {options.Crop}, batch {options.Batch}, {Describe(recipe)}, seed {options.Seed}; pairs {objective.Pairs.Description}{(options.InitialWeights is null ? "" : $"; started from the weights of {options.InitialWeights}")})",
            Scales = objective.Scales?.ToList(),
            Steps = step,
            Metrics = metrics,
            LossCurve = curve.Points,
            LossCurveStride = curve.Stride,
            Validation = validation.Count > 0 ? [.. validation] : null,
            ValidationMeasure = validationMeasure,
            Provenance = "trained with lumos train",
        };
        Checkpoint.Save(path, objective.Net, meta, state);
        return meta;
    }

    /// <summary>The effective optimiser settings, for the checkpoint's record.</summary>
    private static string Describe(TrainingRecipe recipe)
    {
        var text = $"{recipe.Optimizer.ToString().ToLowerInvariant()} lr {recipe.LearningRate}";
        if (recipe.WeightDecay > 0) text += $", weight decay {recipe.WeightDecay}";
        if (recipe.ClipNorm > 0) text += $", clip norm {recipe.ClipNorm}";
        if (recipe.AdjustableClip > 0) text += $", adjustable clip θ {recipe.AdjustableClip}";
        if (recipe.DecayEvery > 0) text += $", lr ×{recipe.DecayFactor} every {recipe.DecayEvery:P0} of the run";
        return text;
    }
}
