using System.Runtime.InteropServices;
using Lumos.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Lumos.Nets;

/// <summary>What Lumos runs on, for bug reports (<c>lumos info --system</c>).</summary>
/// <param name="Lumos">Lumos version.</param>
/// <param name="Os">Operating system.</param>
/// <param name="Architecture">Process architecture, e.g. X64.</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="DotNet">.NET runtime.</param>
/// <param name="LibTorch">libtorch version (TorchSharp's native back end), or why it could not load (the packed tool leaves it out).</param>
/// <param name="OnnxRuntime">ONNX Runtime version.</param>
/// <param name="Torch">The convolution self-check and the oneDNN decision; null where libtorch could not load.</param>
/// <param name="OpenMpWaitPolicy">How libtorch's OpenMP threads wait (<c>OMP_WAIT_POLICY</c>: PASSIVE unless the user set it).</param>
/// <param name="OnnxRuntimeError">ONNX Runtime's convolution self-check (<see cref="OnnxRuntimeCheck"/>): its relative error against float64.</param>
/// <param name="Cuda">Whether <c>--device cuda</c> works here (<see cref="OnnxRuntimeCheck.DescribeCuda"/>).</param>
public sealed record SystemReport(
    string Lumos, string Os, string Architecture, int Cores, string DotNet, string LibTorch, string OnnxRuntime, TorchBackendReport? Torch,
    string OpenMpWaitPolicy, double OnnxRuntimeError, string Cuda)
{
    /// <summary>Collects the report; loads libtorch (where it is there) and ONNX Runtime, runs both convolution self-checks and, in a CUDA build, ONNX Runtime's on the GPU.</summary>
    /// <exception cref="LumosException">libtorch loads but cannot be corrected, or <c>LUMOS_TORCH_ONEDNN</c> is invalid.</exception>
    public static SystemReport Collect()
    {
        string libTorch;
        TorchBackendReport? torch = null;
        try
        {
            libTorch = TorchRuntime.Version();
            torch = TorchRuntime.EnsureCorrect();
        }
        catch (LumosException e) when (torch is null && e.Message.StartsWith("cannot load libtorch", StringComparison.Ordinal))
        {
            // The lean tool ships without libtorch (training and --engine torch need it; the shipped nets do not):
            // a report of what is there, not a failure.
            libTorch = e.Message;
        }
        return new(LumosVersion.Current,
            RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture.ToString(), Environment.ProcessorCount,
            RuntimeInformation.FrameworkDescription, libTorch, OrtEnv.Instance().GetVersionString(), torch,
            Nets.OpenMpWaitPolicy.Current() ?? "libgomp's default", OnnxRuntimeCheck.RelativeError, OnnxRuntimeCheck.DescribeCuda());
    }
}
