using Lumos.Imaging;
using Lumos.Measures;
using Lumos.SuperResolution;
using OpenCvSharp;
using Xunit.Abstractions;

namespace Lumos.Tests.SuperResolution;

public sealed class BicubicSet5Tests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData(2, 33.66)]
    [InlineData(3, 30.39)]
    [InlineData(4, 28.42)]
    public void Bicubic_reproduces_the_published_set5_psnr_on_y(int scale, double published)
    {
        var folder = Path.Combine(TestData.RequireShared(), "sr", "Set5");
        Skip.IfNot(Directory.Exists(folder), $"{folder} is absent");
        var psnr = new Psnr(new PsnrOptions { Channel = MeasureChannel.Y, CropBorder = scale });
        var ssim = new Ssim(new SsimOptions { Channel = MeasureChannel.Y, CropBorder = scale });
        var degradation = new Degradation(new DegradationOptions { Scale = scale });
        var (psnrs, ssims) = (new List<double>(), new List<double>());
        foreach (var file in Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal))
        {
            using var image = ImageIO.Read(file);
            var (hr, lr) = degradation.Pair(image, new Random(0));
            using (hr)
            using (lr)
            using (var sr = Upscaler.Apply(new Bicubic(), lr, scale))
            {
                psnrs.Add(psnr.Measure(sr, hr));
                ssims.Add(ssim.Measure(sr, hr));
            }
        }
        Assert.Equal(5, psnrs.Count);
        output.WriteLine($"Set5 x{scale} bicubic: PSNR {psnrs.Average():F4} dB, SSIM {ssims.Average():F4}");
        // Published rows come from MATLAB pipelines that differ in small ways (Y rounding, crop); 0.02 dB covers them.
        Assert.Equal(published, psnrs.Average(), 0.02);
    }
}
