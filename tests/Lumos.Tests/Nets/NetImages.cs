using System.Runtime.InteropServices;
using OpenCvSharp;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets;

/// <summary>Test-side image ↔ tensor conversions for 8-bit BGR (the nets' own bridge lives in Lumos.Nets).</summary>
internal static class NetImages
{
    /// <summary>8-bit BGR Mat → (1, 3, H, W) RGB float tensor in [0, 1].</summary>
    public static Tensor ToRgbTensor(Mat bgr)
    {
        using var rgb = bgr.CvtColor(ColorConversionCodes.BGR2RGB);
        using var unit = new Mat();
        rgb.ConvertTo(unit, MatType.CV_32FC3, 1 / 255.0);
        var data = new float[unit.Rows * unit.Cols * 3];
        Marshal.Copy(unit.Data, data, 0, data.Length);
        return tensor(data, [unit.Rows, unit.Cols, 3]).permute(2, 0, 1).unsqueeze(0).contiguous();
    }

    /// <summary>(1, 3, H, W) RGB float tensor → 8-bit BGR Mat (clipped to [0, 1]).</summary>
    public static Mat ToBgrMat(Tensor rgb)
    {
        int h = (int)rgb.shape[2], w = (int)rgb.shape[3];
        var data = rgb.squeeze(0).permute(1, 2, 0).clamp(0, 1).mul(255).round().to(ScalarType.Byte).contiguous().data<byte>().ToArray();
        using var packed = new Mat(h, w, MatType.CV_8UC3);
        Marshal.Copy(data, 0, packed.Data, data.Length);
        return packed.CvtColor(ColorConversionCodes.RGB2BGR);
    }

    /// <summary>The repository's models/ folder (found above the test output).</summary>
    public static string Models
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "models")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
                    return Path.Combine(dir.FullName, "models");
            throw new DirectoryNotFoundException("models/ not found above " + AppContext.BaseDirectory);
        }
    }
}
