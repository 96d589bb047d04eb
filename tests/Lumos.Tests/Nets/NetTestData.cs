using Lumos.Nets.Archs;
using static TorchSharp.torch;

namespace Lumos.Tests.Nets;

/// <summary>Helpers the net tests share.</summary>
internal static class NetTestData
{
    /// <summary>The official Zero-DCE state dict in ../shared/data (skips the test when absent).</summary>
    public static string OfficialZeroDceWeights()
    {
        var path = Path.Combine(TestData.RequireShared(), "weights", "zerodce", "Epoch99.pth");
        Skip.IfNot(File.Exists(path), $"{path} is absent");
        return path;
    }

    /// <summary>A Zero-DCE with seeded random weights.</summary>
    public static ZeroDce SeededZeroDce(int seed = 7, ZeroDceOptions? options = null)
    {
        random.manual_seed(seed);
        var net = new ZeroDce(options ?? new ZeroDceOptions());
        net.eval();
        return net;
    }

    /// <summary>A seeded uniform 1×3×H×W image tensor.</summary>
    public static Tensor RandomImage(int height, int width, int seed = 3)
    {
        using var generator = new Generator((ulong)seed);
        return rand([1, 3, height, width], generator: generator);
    }

    /// <summary>The repository's models/ folder (found above the test output), where shipped checkpoints are written.</summary>
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

    /// <summary>Largest absolute difference of two tensors.</summary>
    public static double MaxDifference(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a - b).abs().max().item<float>();
    }
}
