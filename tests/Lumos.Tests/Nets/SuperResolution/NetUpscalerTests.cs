using Lumos.Imaging;
using Lumos.Measures;
using Lumos.Nets.Archs;
using Lumos.Nets.Checkpoints;
using Lumos.Nets.SuperResolution;
using Lumos.SuperResolution;
using OpenCvSharp;
using Xunit.Abstractions;
using Size = OpenCvSharp.Size;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Lumos.Tests.Nets.SuperResolution;

public sealed class NetUpscalerTests(ITestOutputHelper output)
{
    [Fact]
    public void Sr_nets_are_registered_as_archs_and_upscalers()
    {
        foreach (var name in new[] { "srcnn", "fsrcnn", "espcn", "vdsr", "srresnet" })
            Assert.NotNull(NetArchs.Registry.Get(name));
        Assert.NotNull(NetArchs.Registry.Get("srgan-discriminator"));
        foreach (var name in new[] { "srcnn", "fsrcnn", "espcn", "vdsr", "srresnet", "srgan" })
            Assert.Contains("weights", Upscalers.Registry.Get(name).Parameters.Select(p => p.Name));
    }

    [Theory]
    [InlineData("srcnn", 2)]
    [InlineData("srcnn", 3)]
    [InlineData("fsrcnn", 2)]
    [InlineData("fsrcnn", 3)]
    [InlineData("fsrcnn", 4)]
    [InlineData("espcn", 2)]
    [InlineData("espcn", 3)]
    [InlineData("espcn", 4)]
    [InlineData("vdsr", 3)]
    [InlineData("srresnet", 2)]
    [InlineData("srresnet", 4)]
    public void Net_upscalers_give_scale_times_larger_images_for_odd_sizes(string name, int scale)
    {
        using var folder = TestData.TempFolder();
        var weights = SeededCheckpoint(folder.Path, name, scale);
        var upscaler = Upscalers.Registry.Create(name, [new("weights", weights)]);
        using var image = TestData.DarkColour(53, 37);
        using var upscaled = Upscaler.Apply(upscaler, image, scale);
        Assert.Equal(new Size(53 * scale, 37 * scale), upscaled.Size());
        Assert.Equal(image.Type(), upscaled.Type());
        using var grey = new Mat();
        Cv2.CvtColor(image, grey, ColorConversionCodes.BGR2GRAY);
        using var wide = new Mat();
        grey.ConvertTo(wide, MatType.CV_16UC1, 257);
        using var upscaledGrey = Upscaler.Apply(upscaler, wide, scale);
        Assert.Equal(MatType.CV_16UC1, upscaledGrey.Type());
        Assert.Equal(new Size(53 * scale, 37 * scale), upscaledGrey.Size());
    }

    [Theory]
    [InlineData("fsrcnn", 3)]
    [InlineData("espcn", 2)]
    [InlineData("srcnn", 2)]
    public void Tiled_upscaling_matches_untiled(string name, int scale)
    {
        using var folder = TestData.TempFolder();
        var weights = SeededCheckpoint(folder.Path, name, scale);
        using var image = TestData.DarkColour(150, 110);
        using var whole = Upscaler.Apply(Upscalers.Registry.Create(name, [new("weights", weights)]), image, scale);
        using var tiled = Upscaler.Apply(Upscalers.Registry.Create(name, [new("weights", weights), new("tile", "70")]), image, scale);
        using var difference = new Mat();
        Cv2.Absdiff(whole, tiled, difference);
        difference.MinMaxLoc(out double _, out double max);
        // Float rounding may flip a value across a .5 boundary: at most 1 level.
        Assert.True(max <= 1, $"tiled differs from untiled by {max}");
    }

    [Theory]
    [InlineData("bicubic", 3)]
    [InlineData("fsrcnn", 4)]
    [InlineData("vdsr", 2)]
    [InlineData("srresnet", 2)]
    public void Banded_upscaling_of_a_huge_image_equals_the_whole_image_run(string name, int scale)
    {
        using var folder = TestData.TempFolder();
        var parameters = name == "bicubic" ? [] : new List<KeyValuePair<string, string>> { new("weights", SeededCheckpoint(folder.Path, name, scale)) };
        var upscaler = Upscalers.Registry.Create(name, parameters);
        using var image = TestData.DarkColour(64, 150);
        using var whole = Upscaler.Apply(upscaler, image, scale);
        // Bands of 20 input rows (plus the upscaler's margin above and below), as a 4000×3000 image gets.
        using var banded = Upscaler.Apply(upscaler, image, scale, bandPixels: 20L * 64 * scale * scale);
        using var difference = new Mat();
        Cv2.Absdiff(whole, banded, difference);
        difference.MinMaxLoc(out double _, out double max);
        Assert.True(max <= (name == "bicubic" ? 0 : 1), $"banded differs from whole by {max}");
    }

    [Fact]
    public void A_9_5_5_srcnn_checkpoint_runs_as_srcnn_with_its_own_options_tiled_and_on_both_engines()
    {
        using var folder = TestData.TempFolder();
        var weights = SeededCheckpoint(folder.Path, "srcnn-955", 3);
        using var image = TestData.DarkColour(60, 44);
        using var whole = Upscaler.Apply(Upscalers.Registry.Create("srcnn", [new("weights", weights)]), image, 3);
        using var tiled = Upscaler.Apply(Upscalers.Registry.Create("srcnn", [new("weights", weights), new("tile", "70")]), image, 3);
        using var torch = Upscaler.Apply(Upscalers.Registry.Create("srcnn", [new("weights", weights), new("engine", "torch")]), image, 3);
        using var nineOneFive = Upscaler.Apply(Upscalers.Registry.Create("srcnn", [new("weights", SeededCheckpoint(folder.Path, "srcnn", 3))]), image, 3);
        Assert.True(Cv2.Norm(whole, tiled, NormTypes.INF) <= 1, $"tiled differs by {Cv2.Norm(whole, tiled, NormTypes.INF)}");
        Assert.True(Cv2.Norm(whole, torch, NormTypes.INF) <= 1, $"torch differs by {Cv2.Norm(whole, torch, NormTypes.INF)}");
        Assert.True(Cv2.Norm(whole, nineOneFive, NormTypes.INF) > 1); // another net: the 5×5 mapping layer is really used
    }

    [Fact]
    public void A_checkpoint_of_another_scale_is_a_clear_error()
    {
        using var folder = TestData.TempFolder();
        var weights = SeededCheckpoint(folder.Path, "fsrcnn", 2);
        var upscaler = Upscalers.Registry.Create("fsrcnn", [new("weights", weights)]);
        using var image = TestData.DarkColour(20, 16);
        var error = Assert.Throws<LumosException>(() => Upscaler.Apply(upscaler, image, 3));
        Assert.Contains("not ×3", error.Message);
    }

    [Fact]
    public void Missing_default_weights_name_the_option()
    {
        // Only ×3 ESPCN weights are shipped.
        var upscaler = Upscalers.Registry.Create("espcn");
        using var image = TestData.DarkColour(20, 16);
        var error = Assert.Throws<LumosException>(() => Upscaler.Apply(upscaler, image, 2));
        Assert.Contains("espcn: no shipped checkpoint for ×2 (shipped: ×3)", error.Message);
        Assert.Contains("set the weights parameter", error.Message);
        Assert.DoesNotContain("-p ", error.Message); // a library error, not command-line syntax
    }

    [Theory]
    [InlineData("srcnn", 3)] // only ×3 shipped
    [InlineData("fsrcnn", 2)] // ×2, ×3 and ×4 shipped: the smallest
    [InlineData("vdsr", 2)] // one checkpoint for every scale
    [InlineData("espcn", 3)]
    public void Without_weights_the_default_scale_is_the_smallest_shipped_one(string method, int scale)
    {
        var upscaler = Upscalers.Registry.Create(method);
        using var owner = (IDisposable)upscaler;
        Assert.Equal(scale, upscaler.DefaultScale);
        Assert.Null(upscaler.RefuseScale(scale));
    }

    [SkippableFact]
    public void Fsrcnn_pytorch_weights_reach_their_set5_x3_psnr()
    {
        var shared = TestData.RequireShared();
        var weights = Path.Combine(shared, "weights", "fsrcnn", "fsrcnn_x3.pth");
        var set5 = Path.Combine(shared, "sr", "Set5");
        Skip.IfNot(File.Exists(weights) && Directory.Exists(set5), "FSRCNN weights or Set5 absent");
        var upscaler = Upscalers.Registry.Create("fsrcnn", [new("weights", weights)]);
        var (psnr, ssim) = Set5(upscaler, 3);
        output.WriteLine($"Set5 x3 FSRCNN (PyTorch weights): PSNR {psnr:F4} dB, SSIM {ssim:F4}");
        // An independent numpy forward pass of the same weights gave 32.6 dB.
        Assert.InRange(psnr, 32.5, 32.75);
    }

    /// <summary>Mean Y PSNR and SSIM (border crop = scale) over Set5 with MATLAB-bicubic LR inputs.</summary>
    internal static (double Psnr, double Ssim) Set5(IUpscaler upscaler, int scale)
    {
        var folder = Path.Combine(TestData.RequireShared(), "sr", "Set5");
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
            using (var sr = Upscaler.Apply(upscaler, lr, scale))
            {
                psnrs.Add(psnr.Measure(sr, hr));
                ssims.Add(ssim.Measure(sr, hr));
            }
        }
        return (psnrs.Average(), ssims.Average());
    }

    /// <summary>A checkpoint of <paramref name="name"/>'s architecture with seeded random weights.</summary>
    private static string SeededCheckpoint(string folder, string name, int scale)
    {
        random.manual_seed(11);
        (string arch, object options) = name switch
        {
            "srcnn" => ("srcnn", (object)new SrcnnOptions()),
            "srcnn-955" => ("srcnn", new SrcnnOptions { MappingKernel = 5 }),
            "fsrcnn" => ("fsrcnn", new FsrcnnOptions { Scale = scale }),
            "espcn" => ("espcn", new EspcnOptions { Scale = scale }),
            "vdsr" => ("vdsr", new VdsrOptions { Depth = 6 }),
            _ => ("srresnet", new SrResNetOptions { Scale = scale, Blocks = 2, Features = 16 }),
        };
        using var net = NetArchs.Registry.Get(arch).Create(options);
        if (arch == "srresnet") ScaleDown(net);
        var path = Path.Combine(folder, $"{name}-x{scale}{Checkpoint.Extension}");
        Checkpoint.Save(path, net, new CheckpointMeta { Arch = arch, Options = Checkpoint.OptionsOf(options) });
        return path;
    }

    /// <summary>Shrinks random weights so a deep net's output stays in range rather than saturating.</summary>
    private static void ScaleDown(Module net)
    {
        using var noGrad = no_grad();
        foreach (var p in net.parameters()) p.mul_(0.3);
    }
}
