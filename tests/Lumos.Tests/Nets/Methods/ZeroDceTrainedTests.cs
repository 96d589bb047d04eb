using Lumos.Evaluation;
using Lumos.Methods;
using Lumos.Nets.Checkpoints;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Methods;

/// <summary>models/zerodce.lumosnet, trained by Lumos with zero-reference losses, on photos no model trained on.</summary>
public sealed class ZeroDceTrainedTests
{
    [SkippableFact]
    public void The_lumos_trained_zerodce_beats_gamma_on_darkened_photos_and_keeps_their_colour_as_its_checkpoint_records()
    {
        var shared = TestData.RequireShared();
        // The set `lumos eval --task darkened` builds from Kodak24 + McMaster18 (γ 2.5, shot and read noise, seeded by file name).
        var darkening = new Darkening(new DarkeningOptions());
        var pairs = new List<(Mat Low, Mat Normal)>();
        foreach (var set in new[] { "Kodak24", "McMaster18" })
            foreach (var file in Directory.GetFiles(Path.Combine(shared, "photos", set)).Order(StringComparer.Ordinal))
            {
                var normal = Cv2.ImRead(file, ImreadModes.Color);
                pairs.Add((darkening.Apply(normal, Darkening.SeedOf(file)), normal));
            }
        Skip.If(pairs.Count != 42, $"expected the 42 photos of Kodak24 and McMaster18, found {pairs.Count}");
        var path = Path.Combine(NetTestData.Models, "zerodce" + Checkpoint.Extension);
        var zeroDce = EnhancementMethods.Registry.Create("zerodce", [new("weights", path)]);
        try
        {
            var outputMeans = new double[3];
            var truthMeans = new double[3];
            var net = HeldOutLowLight.Score(pairs, low =>
            {
                var output = Enhancer.Apply(zeroDce, low);
                var normal = pairs.First(p => ReferenceEquals(p.Low, low)).Normal;
                for (int c = 0; c < 3; c++) { outputMeans[c] += Cv2.Mean(output)[c]; truthMeans[c] += Cv2.Mean(normal)[c]; }
                return output;
            });
            var gamma = HeldOutLowLight.Score(pairs, "gamma");
            // Chromaticity (a channel's share of the three means), output against truth: a cast, whatever the brightness.
            var ratios = outputMeans.Zip(truthMeans, (o, t) => o / outputMeans.Sum() / (t / truthMeans.Sum())).ToArray();
            Console.WriteLine($"zerodce {net.Psnr:F3} dB / {net.Ssim:F4}, gamma {gamma.Psnr:F3} / {gamma.Ssim:F4}; B, G, R chromaticity x{ratios[0]:F3} x{ratios[1]:F3} x{ratios[2]:F3} of the truth's");

            Assert.True(net.Psnr > gamma.Psnr, $"zerodce {net.Psnr:F3} dB vs gamma {gamma.Psnr:F3}");
            Assert.All(ratios, r => Assert.InRange(r, 0.95, 1.05)); // no colour cast: each channel's share within 5% of the truth's
            var metrics = new Dictionary<string, double>
            {
                ["darkened42_psnr"] = net.Psnr, ["darkened42_ssim"] = net.Ssim, ["darkened42_gamma_psnr"] = gamma.Psnr,
                ["darkened42_b_ratio"] = ratios[0], ["darkened42_g_ratio"] = ratios[1], ["darkened42_r_ratio"] = ratios[2],
            };
            if (Environment.GetEnvironmentVariable("LUMOS_REGENERATE_MODELS") == "1") HeldOutLowLight.Record(path, metrics, "darkened42_");
            HeldOutLowLight.AssertRecorded(path, metrics);
        }
        finally
        {
            (zeroDce as IDisposable)?.Dispose();
            foreach (var (low, normal) in pairs) { low.Dispose(); normal.Dispose(); }
        }
    }
}
