using Lumos.Measures;
using Lumos.Methods;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using Lumos.Nets.Training;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Methods;

/// <summary>The held-out synthetic low-light pairs the Lumos-trained low-light checkpoints are checked and recorded on.</summary>
internal static class HeldOutLowLight
{
    /// <summary>
    /// Kodak kodim01–10 (not in the training folders), downscaled 4× (area), darkened by <see cref="LowLightSynthesis"/>
    /// with its defaults (γ ∈ [2, 3.5], Poisson peak 200), seed = photo number.
    /// </summary>
    public static List<(Mat Low, Mat Normal)> Pairs(string shared)
    {
        var pairs = new List<(Mat, Mat)>();
        var synthesis = new LowLightSynthesis(new LowLightSynthesisOptions());
        for (int i = 1; i <= 10; i++)
        {
            using var full = Cv2.ImRead(Path.Combine(shared, "photos", "Kodak24", $"kodim{i:00}.png"), ImreadModes.Color);
            Skip.If(full.Empty(), $"kodim{i:00}.png is absent");
            var normal = full.Resize(new OpenCvSharp.Size(full.Width / 4, full.Height / 4), interpolation: InterpolationFlags.Area);
            using var scope = NewDisposeScope();
            pairs.Add((TensorBridge.ToMat(synthesis.Darken(TensorBridge.ToTensor(normal), i), normal), normal));
        }
        return pairs;
    }

    /// <summary>Mean PSNR and SSIM of <paramref name="enhance"/>'s outputs against the normal-light images.</summary>
    public static (double Psnr, double Ssim) Score(List<(Mat Low, Mat Normal)> pairs, Func<Mat, Mat> enhance)
    {
        var psnr = (IReferenceMeasure)QualityMeasures.Registry.Create("psnr");
        var ssim = (IReferenceMeasure)QualityMeasures.Registry.Create("ssim");
        double p = 0, s = 0;
        foreach (var (low, normal) in pairs)
        {
            using var output = enhance(low);
            p += psnr.Measure(output, normal);
            s += ssim.Measure(output, normal);
        }
        return (p / pairs.Count, s / pairs.Count);
    }

    /// <summary>Mean PSNR and SSIM of the registered method <paramref name="method"/> with <paramref name="parameters"/>.</summary>
    public static (double Psnr, double Ssim) Score(List<(Mat Low, Mat Normal)> pairs, string method, params KeyValuePair<string, string>[] parameters)
    {
        var enhancer = EnhancementMethods.Registry.Create(method, parameters);
        try { return Score(pairs, enhancer.Enhance); }
        finally { (enhancer as IDisposable)?.Dispose(); }
    }

    /// <summary>
    /// The shipped net <paramref name="method"/> (weights <paramref name="path"/>) and the untouched input on the held-out
    /// pairs, with the four figures every trained low-light net records (heldout_psnr/ssim, heldout_input_psnr/ssim).
    /// </summary>
    public static ((double Psnr, double Ssim) Input, (double Psnr, double Ssim) Net, Dictionary<string, double> Metrics) ShippedNet(
        List<(Mat Low, Mat Normal)> pairs, string method, string path)
    {
        var input = Score(pairs, low => low.Clone());
        var net = Score(pairs, method, KeyValuePair.Create("weights", path));
        Console.WriteLine($"input PSNR {input.Psnr:F2} SSIM {input.Ssim:F4}; {method} (Lumos) {net.Psnr:F2} {net.Ssim:F4}");
        return (input, net, new Dictionary<string, double>
        {
            ["heldout_psnr"] = net.Psnr, ["heldout_ssim"] = net.Ssim, ["heldout_input_psnr"] = input.Psnr, ["heldout_input_ssim"] = input.Ssim,
        });
    }

    /// <summary>Asserts that the checkpoint at <paramref name="path"/> records <paramref name="metrics"/> (to 3 decimals).</summary>
    public static void AssertRecorded(string path, IReadOnlyDictionary<string, double> metrics)
    {
        var recorded = Checkpoint.ReadMeta(path).Metrics;
        foreach (var (key, value) in metrics) Assert.Equal(value, recorded[key], 3);
    }

    /// <summary>Writes <paramref name="metrics"/> into the checkpoint at <paramref name="path"/> in place of its scores whose
    /// names start with <paramref name="prefix"/> (the optimiser state is dropped).</summary>
    public static void Record(string path, IReadOnlyDictionary<string, double> metrics, string prefix = "heldout_")
    {
        var (net, meta) = Checkpoint.Load(path);
        using (net)
            Checkpoint.Save(path, net, meta with { Metrics = new Dictionary<string, double>(meta.Metrics.Where(m => !m.Key.StartsWith(prefix, StringComparison.Ordinal)).Concat(metrics)) });
    }
}
