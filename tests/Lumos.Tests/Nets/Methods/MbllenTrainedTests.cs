using Lumos.Measures;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.Inference;
using Lumos.Nets.Methods;
using Lumos.Nets.Training;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets.Methods;

/// <summary>models/mbllen-lumos.lumosnet, trained by Lumos itself, on held-out synthetic low-light pairs.</summary>
public sealed class MbllenTrainedTests
{
    [SkippableFact]
    public void The_lumos_trained_mbllen_beats_its_input_on_held_out_synthetic_pairs_as_its_checkpoint_records()
    {
        var shared = TestData.RequireShared();
        var path = Path.Combine(NetTestData.Models, "mbllen-lumos" + Checkpoint.Extension);
        var pairs = HeldOutLowLight.Pairs(shared);
        try
        {
            var trained = new MbllenMethod(new MbllenMethodOptions { Weights = path, PostProcess = false });
            var input = HeldOutLowLight.Score(pairs, low => low.Clone());
            var ours = HeldOutLowLight.Score(pairs, trained.Enhance);
            Console.WriteLine($"input PSNR {input.Psnr:F2} SSIM {input.Ssim:F4}; mbllen-lumos {ours.Psnr:F2} {ours.Ssim:F4}");
            var metrics = new Dictionary<string, double>
            {
                ["heldout_psnr"] = ours.Psnr, ["heldout_ssim"] = ours.Ssim, ["heldout_input_psnr"] = input.Psnr, ["heldout_input_ssim"] = input.Ssim,
            };
            if (Environment.GetEnvironmentVariable("LUMOS_REGENERATE_MODELS") == "1")
            {
                // Official weights on the same pairs, for models/README.md (slow: not part of the check).
                var official = HeldOutLowLight.Score(pairs, new MbllenMethod(new MbllenMethodOptions { PostProcess = false }).Enhance);
                var officialPost = HeldOutLowLight.Score(pairs, new MbllenMethod(new MbllenMethodOptions()).Enhance);
                var trainedPost = HeldOutLowLight.Score(pairs, new MbllenMethod(new MbllenMethodOptions { Weights = path }).Enhance);
                Console.WriteLine($"official raw {official.Psnr:F2} {official.Ssim:F4}; official post-processed {officialPost.Psnr:F2} {officialPost.Ssim:F4}; mbllen-lumos post-processed {trainedPost.Psnr:F2} {trainedPost.Ssim:F4}");
                HeldOutLowLight.Record(path, metrics);
            }
            Assert.True(ours.Psnr > input.Psnr + 3, $"PSNR {input.Psnr:F2} → {ours.Psnr:F2}");
            Assert.True(ours.Ssim > input.Ssim, $"SSIM {input.Ssim:F4} → {ours.Ssim:F4}");
            var recorded = Checkpoint.ReadMeta(path).Metrics;
            foreach (var (key, value) in metrics) Assert.Equal(value, recorded[key], 3);
        }
        finally
        {
            foreach (var (low, normal) in pairs) { low.Dispose(); normal.Dispose(); }
        }
    }
}
