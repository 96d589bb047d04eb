using System.Diagnostics;
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

    /// <summary>The checkpoint to write (and to resume from).</summary>
    public required string Out { get; init; }

    /// <summary>Optimiser steps in all (a resumed run continues up to this count).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Crops per batch.</summary>
    public int Batch { get; init; } = 8;

    /// <summary>Side of the square random crops.</summary>
    public int Crop { get; init; } = 128;

    /// <summary>Initial learning rate; null = the objective's <see cref="TrainingRecipe"/>.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Optimiser; null = the recipe's.</summary>
    public OptimizerKind? Optimizer { get; init; }

    /// <summary>L2 weight decay; null = the recipe's.</summary>
    public double? WeightDecay { get; init; }

    /// <summary>Gradient-norm clip (0 = none); null = the recipe's.</summary>
    public double? ClipNorm { get; init; }

    /// <summary>Seed of the initial weights and of every batch: the same seed gives the same loss curve.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Continue from the checkpoint at <see cref="Out"/>: weights, optimiser state, step and loss curve.</summary>
    public bool Resume { get; init; }

    /// <summary>Save a checkpoint every this many steps (and at the end, and on cancellation).</summary>
    public int SaveEvery { get; init; } = 100;
}

/// <summary>One finished step, for progress displays.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="Loss">Total loss of the step.</param>
/// <param name="Terms">Weighted loss terms by name.</param>
/// <param name="StepsPerSecond">Speed over this session's steps.</param>
/// <param name="Remaining">Estimated time to finish.</param>
public sealed record TrainProgress(int Step, int Steps, double Loss, IReadOnlyDictionary<string, double> Terms, double StepsPerSecond, TimeSpan Remaining);

/// <summary>
/// Trains a net on random crops (flips and transposes) of a folder of images with its objective's <see cref="TrainingRecipe"/>
/// (Adam or SGD, clipping, step decay), stepping a GAN's discriminator too where there is one.
/// Each step's crops come from a generator seeded by (seed, step), so a run is reproducible and a resumed run
/// continues exactly as an uninterrupted one would.
/// </summary>
public static class Trainer
{
    /// <summary>Runs (or resumes) training and writes the checkpoint; returns its metadata.</summary>
    /// <param name="objective">The net and its losses.</param>
    /// <param name="options">Data, output and hyper-parameters.</param>
    /// <param name="command">The command line, recorded in the checkpoint.</param>
    /// <param name="progress">Called after every step.</param>
    /// <param name="cancel">Stops after the current step; the checkpoint is saved first.</param>
    /// <exception cref="LumosException">No usable images, or the checkpoint to resume does not fit.</exception>
    public static CheckpointMeta Run(ITrainingObjective objective, TrainOptions options, string command, Action<TrainProgress>? progress = null, CancellationToken cancel = default)
    {
        TorchRuntime.EnsureCorrect(); // the objective's net already ran it; this covers objectives built from raw modules
        using var quiet = NativeStderr.Mute(); // libpng, libtiff and NNPACK speak on stderr; progress goes through .NET
        var recipe = objective.Recipe with
        {
            Optimizer = options.Optimizer ?? objective.Recipe.Optimizer,
            LearningRate = options.LearningRate ?? objective.Recipe.LearningRate,
            WeightDecay = options.WeightDecay ?? objective.Recipe.WeightDecay,
            ClipNorm = options.ClipNorm ?? objective.Recipe.ClipNorm,
        };
        var adversary = (objective as IAdversarialObjective)?.Discriminator;
        var images = LoadImages(options.Data, options.Crop);
        try
        {
            var net = objective.Net;
            net.train();
            adversary?.train();
            using var optimizer = Optimizer(net, recipe);
            using var adversaryOptimizer = adversary is null ? null : Optimizer(adversary, recipe);
            var curve = new List<double>();
            int start = 0;
            if (options.Resume)
            {
                var meta = Checkpoint.ReadMeta(options.Out);
                Checkpoint.LoadWeights(net, options.Out);
                using var state = Checkpoint.ReadOptimizerState(options.Out)
                    ?? throw new LumosException($"{options.Out}: no optimiser state to resume from");
                using var reader = new BinaryReader(state);
                Checkpoint.Reading(options.Out, () =>
                {
                    optimizer.load_state_dict(reader);
                    if (adversary is null) return 0;
                    adversary.load(reader);
                    adversaryOptimizer!.load_state_dict(reader);
                    return 0;
                });
                curve.AddRange(meta.LossCurve);
                start = (int)meta.Steps;
            }

            var clock = Stopwatch.StartNew();
            var terms = new Dictionary<string, double>();
            int step = start;
            while (step < options.Steps && !cancel.IsCancellationRequested)
            {
                using (var scope = NewDisposeScope())
                {
                    double rate = recipe.LearningRateAt(step, options.Steps);
                    var random = new Random(unchecked(options.Seed * 1_000_003 + step)); // not HashCode: it is salted per process
                    var crops = Crops(images, options, random);
                    Tensor input, truth;
                    try { (input, truth) = objective.Pairs.Pairs(crops, random); }
                    finally { foreach (var crop in crops) crop.Dispose(); }
                    var losses = objective.Losses(input, truth);
                    var loss = Step(net, optimizer, losses, recipe, rate);
                    curve.Add(loss);
                    terms = losses.ToDictionary(t => t.Key, t => (double)t.Value.item<float>());
                    if (adversary is not null)
                    {
                        var adversaryLosses = ((IAdversarialObjective)objective).DiscriminatorLosses();
                        Step(adversary, adversaryOptimizer!, adversaryLosses, recipe, rate);
                        foreach (var (name, value) in adversaryLosses) terms[name] = value.item<float>();
                    }
                }
                step++;
                double speed = (step - start) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                progress?.Invoke(new TrainProgress(step, options.Steps, curve[^1], terms, speed, TimeSpan.FromSeconds((options.Steps - step) / speed)));
                if (step % options.SaveEvery == 0 && step < options.Steps) Save(objective, options, recipe, optimizer, adversaryOptimizer, command, step, curve, terms, images.Count);
            }
            return Save(objective, options, recipe, optimizer, adversaryOptimizer, command, step, curve, terms, images.Count);
        }
        finally
        {
            foreach (var image in images) image.Dispose();
        }
    }

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

    private static CheckpointMeta Save(ITrainingObjective objective, TrainOptions options, TrainingRecipe recipe, OptimizerHelper optimizer, OptimizerHelper? adversaryOptimizer, string command, int step, List<double> curve, Dictionary<string, double> terms, int imageCount)
    {
        var meta = new CheckpointMeta
        {
            Arch = objective.Arch,
            Options = Checkpoint.OptionsOf(objective.ArchOptions),
            Command = command,
            Data = $"{options.Data} ({imageCount} images; crops {options.Crop}, batch {options.Batch}, {Describe(recipe)}, seed {options.Seed}; pairs {objective.Pairs.Description})",
            Steps = step,
            Metrics = terms.Append(new("loss", curve.Count > 0 ? curve[^1] : double.NaN)).ToDictionary(),
            LossCurve = [.. curve],
            Provenance = "trained with lumos train",
        };
        Checkpoint.Save(options.Out, objective.Net, meta, stream =>
        {
            using var writer = new BinaryWriter(stream);
            optimizer.save_state_dict(writer);
            if (adversaryOptimizer is null) return;
            ((IAdversarialObjective)objective).Discriminator.save(writer);
            adversaryOptimizer.save_state_dict(writer);
        });
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

    /// <summary>Reads every image under <paramref name="folder"/> as 8-bit BGR, upscaled where smaller than the crop.</summary>
    private static List<Mat> LoadImages(string folder, int crop)
    {
        if (!Directory.Exists(folder)) throw new LumosException($"{folder}: no such training folder");
        var images = new List<Mat>();
        foreach (var file in ImageFolder.Images(folder, recursive: true))
        {
            var image = Cv2.ImRead(file, ImreadModes.Color);
            if (image.Empty()) { image.Dispose(); continue; }
            int side = Math.Min(image.Rows, image.Cols);
            if (side < crop) Cv2.Resize(image, image, new OpenCvSharp.Size(), (double)crop / side + 1e-9, (double)crop / side + 1e-9, InterpolationFlags.Area);
            images.Add(image);
        }
        if (images.Count == 0) throw new LumosException($"{folder}: no readable images to train on");
        return images;
    }

    /// <summary>The clean crops of one step, randomly placed, flipped and transposed (drawn from the step's generator).</summary>
    private static List<Mat> Crops(List<Mat> images, TrainOptions options, Random random)
    {
        var crops = new List<Mat>();
        for (int i = 0; i < options.Batch; i++)
        {
            var image = images[random.Next(images.Count)];
            int x = random.Next(image.Cols - options.Crop + 1), y = random.Next(image.Rows - options.Crop + 1);
            var crop = new Mat(image, new Rect(x, y, options.Crop, options.Crop)).Clone();
            if (random.Next(2) == 1) Cv2.Flip(crop, crop, FlipMode.Y);
            if (random.Next(2) == 1) Cv2.Flip(crop, crop, FlipMode.X);
            if (random.Next(2) == 1) Cv2.Transpose(crop, crop);
            crops.Add(crop);
        }
        return crops;
    }
}
