using Lumos.Imaging;
using Lumos.Methods;
using Lumos.Methods.Classic;
using Lumos.Tests.Imaging;
using OpenCvSharp;

namespace Lumos.Tests.Methods.Classic;

/// <summary>
/// The Y-curve methods run fused (YCurve) but must give exactly what the plane-by-plane path gave: cvtColor to
/// YCrCb, the method's map on the Y plane, cvtColor back — on random 8- and 16-bit colour images.
/// </summary>
public sealed class FusedYCurveMethodsTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in new[] { "he", "gamma", "log", "auto-gamma", "clahe" })
            foreach (var bits in new[] { 8, 16 })
                data.Add(name, bits);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Fused_method_equals_split_map_merge_on_Y(string name, int bits)
    {
        // A dark image, as the methods meet them, with the full range present so every clamp is reached.
        using var random = bits == 8 ? YCurveTests.Random8(11) : YCurveTests.Random16(11);
        using var image = new Mat();
        random.ConvertTo(image, random.Type(), 0.3);
        using (var top = image.Row(0)) top.SetTo(Scalar.All(bits == 8 ? 255 : 65535));
        var method = EnhancementMethods.Registry.Create(name);
        using var ours = method.Enhance(image);
        using var y = new Mat();
        using (var ycrcb = new Mat())
        {
            Cv2.CvtColor(image, ycrcb, ColorConversionCodes.BGR2YCrCb);
            Cv2.ExtractChannel(ycrcb, y, 0);
        }
        using var mapped = MapPlane(name, image, y);
        using var expected = YCurveTests.OpenCvRoundTrip(image, mapped);
        YCurveTests.AssertIdentical(expected, ours);
    }

    /// <summary>Each method's map of one plane, as it was applied before fusing.</summary>
    private static Mat MapPlane(string name, Mat image, Mat y)
    {
        switch (name)
        {
            case "he":
                return HistogramEqualization.Equalize(y);
            case "gamma":
                return ToneCurve.Apply(y, x => Math.Pow(x, new GammaOptions().Gamma));
            case "log":
                double c = new LogCurveOptions().C;
                return ToneCurve.Apply(y, x => Math.Log(1 + c * x) / Math.Log(1 + c));
            case "auto-gamma":
                double gamma = new AutoGamma(new AutoGammaOptions()).GammaFor(image);
                return ToneCurve.Apply(y, x => Math.Pow(x, gamma));
            default:
                var options = new ClaheOptions();
                using (var clahe = Cv2.CreateCLAHE(options.ClipLimit, new Size(options.Tiles, options.Tiles)))
                {
                    var result = new Mat();
                    clahe.Apply(y, result);
                    return result;
                }
        }
    }
}
