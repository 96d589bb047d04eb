using System.Globalization;
using Lumos.Nets.Checkpoints;
using Lumos.SuperResolution;
using Xunit.Abstractions;

namespace Lumos.Tests.Nets.SuperResolution;

/// <summary>The SR checkpoints Lumos trained and ships (models/README.md) against MATLAB bicubic on Set5.</summary>
public sealed class ShippedSrModelsTests(ITestOutputHelper output)
{
    /// <summary>Set5 ×s PSNR / SSIM of MATLAB bicubic (Y, border crop = s), as BicubicSet5Tests holds them.</summary>
    private static readonly Dictionary<int, (double Psnr, double Ssim)> Bicubic = new() { [2] = (33.67, 0.9303), [3] = (30.40, 0.8689), [4] = (28.43, 0.8111) };

    [SkippableTheory]
    [InlineData("fsrcnn", "fsrcnn-x2", 2)]
    [InlineData("fsrcnn", "fsrcnn-x3", 3)]
    [InlineData("fsrcnn", "fsrcnn-x4", 4)]
    [InlineData("espcn", "espcn-x3", 3)]
    [InlineData("srcnn", "srcnn-x3", 3)]
    [InlineData("vdsr", "vdsr", 2)]
    [InlineData("vdsr", "vdsr", 3)]
    [InlineData("vdsr", "vdsr", 4)]
    public void Shipped_sr_checkpoint_beats_bicubic_on_set5_as_its_checkpoint_records(string method, string checkpoint, int scale)
    {
        TestData.RequireShared();
        var path = Shipped(checkpoint);
        var upscaler = Upscalers.Registry.Create(method, [new("weights", path)]);
        var (psnr, ssim) = NetUpscalerTests.Set5(upscaler, scale);
        output.WriteLine($"{checkpoint} Set5 x{scale}: {psnr:F3} dB / {ssim:F4}");
        string key = $"set5_x{scale.ToString(CultureInfo.InvariantCulture)}";
        if (Environment.GetEnvironmentVariable("LUMOS_REGENERATE_MODELS") == "1")
        {
            // Records the scores in the shipped checkpoint; the optimiser state is dropped (a third of the file).
            var (net, meta) = Checkpoint.Load(path);
            using (net)
                Checkpoint.Save(path, net, meta with
                {
                    Metrics = new Dictionary<string, double>(meta.Metrics.Where(m => !m.Key.StartsWith(key, StringComparison.Ordinal)))
                    {
                        [key + "_psnr"] = psnr, [key + "_ssim"] = ssim,
                    },
                });
        }
        Assert.True(psnr > Bicubic[scale].Psnr + 0.3, $"PSNR {psnr:F3} vs bicubic {Bicubic[scale].Psnr}");
        Assert.True(ssim > Bicubic[scale].Ssim, $"SSIM {ssim:F4} vs bicubic {Bicubic[scale].Ssim}");
        var recorded = Checkpoint.ReadMeta(path).Metrics;
        Assert.Equal(recorded[key + "_psnr"], psnr, 3);
        Assert.Equal(recorded[key + "_ssim"], ssim, 4);
    }

    /// <summary>Issue 17: the one multi-scale VDSR must beat the FSRCNN trained for each scale, by the Set5 scores both checkpoints record.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Shipped_vdsr_beats_the_shipped_fsrcnn_of_each_scale_on_set5(int scale)
    {
        string key = $"set5_x{scale.ToString(CultureInfo.InvariantCulture)}_psnr";
        double vdsr = Checkpoint.ReadMeta(Shipped("vdsr")).Metrics[key];
        double fsrcnn = Checkpoint.ReadMeta(Shipped($"fsrcnn-x{scale}")).Metrics[key];
        Assert.True(vdsr > fsrcnn, $"VDSR {vdsr:F3} dB vs FSRCNN ×{scale} {fsrcnn:F3} dB");
    }

    private static string Shipped(string checkpoint) => Path.Combine(NetTestData.Models, checkpoint + Checkpoint.Extension);
}
