using Lumos.Nets.Checkpoints;

namespace Lumos.Tests.Nets.Methods;

/// <summary>models/pairlie.lumosnet, trained by Lumos on two-exposure pairs, on held-out synthetic low-light pairs.</summary>
public sealed class PairLieTrainedTests
{
    [SkippableFact]
    public void The_lumos_trained_pairlie_beats_its_input_on_held_out_synthetic_pairs_as_its_checkpoint_records()
    {
        var shared = TestData.RequireShared();
        var path = Path.Combine(NetTestData.Models, "pairlie" + Checkpoint.Extension);
        var pairs = HeldOutLowLight.Pairs(shared);
        try
        {
            var (input, ours, metrics) = HeldOutLowLight.ShippedNet(pairs, "pairlie", path);
            if (Environment.GetEnvironmentVariable("LUMOS_REGENERATE_MODELS") == "1")
            {
                // Comparisons on the same pairs, for models/README.md (slow: not part of the check). The single-image
                // variant is not shipped: pass its checkpoint in LUMOS_PAIRLIE_SINGLE.
                var official = Path.Combine(shared, "weights", "pairlie", "PairLIE.pth");
                if (File.Exists(official))
                {
                    var o = HeldOutLowLight.Score(pairs, "pairlie", KeyValuePair.Create("weights", official));
                    metrics["heldout_official_psnr"] = o.Psnr; metrics["heldout_official_ssim"] = o.Ssim;
                }
                if (Environment.GetEnvironmentVariable("LUMOS_PAIRLIE_SINGLE") is { } single && File.Exists(single))
                {
                    var s = HeldOutLowLight.Score(pairs, "pairlie", KeyValuePair.Create("weights", single));
                    metrics["heldout_single_image_psnr"] = s.Psnr; metrics["heldout_single_image_ssim"] = s.Ssim;
                }
                foreach (var classic in new[] { "lime", "dong" })
                {
                    var c = HeldOutLowLight.Score(pairs, classic);
                    metrics[$"heldout_{classic}_psnr"] = c.Psnr; metrics[$"heldout_{classic}_ssim"] = c.Ssim;
                }
                Console.WriteLine(string.Join("; ", metrics.Select(m => $"{m.Key} {m.Value:F4}")));
                HeldOutLowLight.Record(path, metrics);
            }
            Assert.True(ours.Psnr > input.Psnr + 3, $"PSNR {input.Psnr:F2} → {ours.Psnr:F2}");
            Assert.True(ours.Ssim > input.Ssim, $"SSIM {input.Ssim:F4} → {ours.Ssim:F4}");
            HeldOutLowLight.AssertRecorded(path, metrics.Where(m => m.Key is "heldout_psnr" or "heldout_ssim" or "heldout_input_psnr" or "heldout_input_ssim").ToDictionary());
        }
        finally
        {
            foreach (var (low, normal) in pairs) { low.Dispose(); normal.Dispose(); }
        }
    }
}
