using Lumos.Nets.Onnx;

namespace Lumos.Tests.Nets.Onnx;

/// <summary>ONNX models the tests share, exported once per test run into a temporary folder.</summary>
internal static class OnnxTestModels
{
    private static readonly Lazy<string> zeroDce = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"lumos-tests-{Environment.ProcessId}-zerodce.onnx");
        File.WriteAllBytes(path, NetExport.FromCheckpoint("zerodce").Model);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    });

    /// <summary>The shipped Zero-DCE as an ONNX file.</summary>
    public static string ZeroDce => zeroDce.Value;
}
