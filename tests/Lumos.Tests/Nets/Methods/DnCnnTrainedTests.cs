using Lumos.Methods;
using Lumos.Nets.Checkpoints;
using OpenCvSharp;

namespace Lumos.Tests.Nets.Methods;

/// <summary>models/dncnn.lumosnet, trained by Lumos on brightened low-light noise, after a brightening method on held-out pairs.</summary>
public sealed class DnCnnTrainedTests
{
    /// <summary>Brightens with <paramref name="brighten"/>, then denoises with the shipped dncnn.</summary>
    private static Func<Mat, Mat> Then(IEnhancementMethod brighten, IEnhancementMethod denoise) => low =>
    {
        using var bright = Enhancer.Apply(brighten, low);
        return Enhancer.Apply(denoise, bright);
    };

    [SkippableFact]
    public void The_lumos_trained_dncnn_after_gamma_and_lime_raises_psnr_and_ssim_on_held_out_pairs_as_its_checkpoint_records()
    {
        var shared = TestData.RequireShared();
        var path = Path.Combine(NetTestData.Models, "dncnn" + Checkpoint.Extension);
        var pairs = HeldOutLowLight.Pairs(shared);
        using var denoiser = (IDisposable)EnhancementMethods.Registry.Create("dncnn", [new("weights", path)]);
        try
        {
            var metrics = new Dictionary<string, double>();
            foreach (var method in new[] { "gamma", "lime" })
            {
                var brighten = EnhancementMethods.Registry.Create(method);
                var alone = HeldOutLowLight.Score(pairs, low => Enhancer.Apply(brighten, low));
                var denoised = HeldOutLowLight.Score(pairs, Then(brighten, (IEnhancementMethod)denoiser));
                Console.WriteLine($"{method}: {alone.Psnr:F2} dB / {alone.Ssim:F4}; {method}+dncnn: {denoised.Psnr:F2} / {denoised.Ssim:F4}");
                metrics[$"heldout_{method}_psnr"] = alone.Psnr; metrics[$"heldout_{method}_ssim"] = alone.Ssim;
                metrics[$"heldout_{method}_dncnn_psnr"] = denoised.Psnr; metrics[$"heldout_{method}_dncnn_ssim"] = denoised.Ssim;
                Assert.True(denoised.Psnr > alone.Psnr + 0.2, $"{method}: PSNR {alone.Psnr:F2} → {denoised.Psnr:F2}");
                Assert.True(denoised.Ssim > alone.Ssim + 0.03, $"{method}: SSIM {alone.Ssim:F4} → {denoised.Ssim:F4}");
            }
            if (Environment.GetEnvironmentVariable("LUMOS_REGENERATE_MODELS") == "1") HeldOutLowLight.Record(path, metrics);
            HeldOutLowLight.AssertRecorded(path, metrics);
        }
        finally
        {
            foreach (var (low, normal) in pairs) { low.Dispose(); normal.Dispose(); }
        }
    }
}
