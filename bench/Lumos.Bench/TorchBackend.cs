using System.Runtime.InteropServices;
using Lumos.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace Lumos.Bench;

/// <summary>
/// Makes this process's TorchSharp convolutions correct before they are timed (issue 10): on some VMs the oneDNN
/// inside libtorch 2.10 computes wrong float32 convolutions whenever a channel count must be padded to its block
/// size. A forward check against float64 on such shapes decides; when it fails, oneDNN is switched off with
/// <c>at::Context::setUserEnabledMkldnn(false)</c>, called through libtorch's exported (mangled) symbols, and the
/// check is repeated. NNPACK is switched off with it, as the library's check will do: without oneDNN, libtorch probes
/// NNPACK at convolutions and, on CPUs NNPACK does not support, logs "Could not initialize NNPACK!" each time. Stands
/// in for the library's own backend self-check (<c>TorchRuntime.EnsureCorrect</c>) until that lands.
/// </summary>
internal static class TorchBackend
{
    private const string Library = "libtorch_cpu.so";
    private const double Tolerance = 1e-4;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetUserEnabled(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool UserEnabled(IntPtr context);

    /// <summary>
    /// Checks the backend, switches oneDNN off when it is wrong, and says in one line what was done.
    /// <c>LUMOS_TORCH_ONEDNN</c> (as the library will read it) forces the choice: <c>on</c> keeps oneDNN unchecked,
    /// <c>off</c> switches it off whatever the check says; unset or <c>auto</c> checks.
    /// </summary>
    /// <exception cref="LumosException">libtorch cannot be loaded, or is still wrong with oneDNN off.</exception>
    public static string MakeCorrect()
    {
        string version = TorchRuntime.Version(); // loads libtorch
        string mode = Environment.GetEnvironmentVariable("LUMOS_TORCH_ONEDNN")?.Trim().ToLowerInvariant() ?? "auto";
        if (mode == "on") return $"libtorch {version}, oneDNN on (LUMOS_TORCH_ONEDNN=on, unchecked)";
        if (mode is not ("off" or "auto" or "")) throw new LumosException($"LUMOS_TORCH_ONEDNN={mode}: use on, off or auto");
        double error = WorstError();
        if (mode != "off" && error <= Tolerance) return $"libtorch {version}, oneDNN on (self-check passed: max rel. error {error:0.0E+0} vs float64)";
        var symbols = Symbols();
        symbols.SetMkldnn(symbols.Context, false);
        symbols.SetNnpack(symbols.Context, false);
        if (symbols.GetMkldnn(symbols.Context)) throw new LumosException("could not switch libtorch's oneDNN off");
        double after = WorstError();
        if (after > Tolerance) throw new LumosException($"libtorch is wrong even with oneDNN off (max rel. error {after:0.0E+0} vs float64)");
        string why = mode == "off" ? "LUMOS_TORCH_ONEDNN=off" : "its convolutions were wrong here";
        return $"libtorch {version}, oneDNN (and NNPACK) switched off by the bench ({why}; self-check with oneDNN: max rel. error {error:0.0E+0} vs float64, without: {after:0.0E+0})";
    }

    /// <summary>
    /// Largest relative error of float32 against float64 over the shapes issue 10 found wrong: forward convolutions
    /// (wrong only some of the time, so each runs three times) and input gradients (wrong nearly every time).
    /// </summary>
    private static double WorstError()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        double worst = 0;
        // (input shape, weight shape, transposed, padding, input gradient)
        var cases = new (long[] Input, long[] Weight, bool Transposed, long Padding, bool Gradient)[]
        {
            ([1, 8, 60, 60], [8, 3, 5, 5], true, 0, false),
            ([4, 12, 32, 32], [12, 12, 3, 3], false, 1, false),
            ([4, 1, 32, 32], [56, 1, 5, 5], false, 2, false),
            ([4, 32, 8, 8], [8, 32, 3, 3], false, 1, true),
            ([4, 8, 8, 8], [8, 8, 5, 5], false, 0, true),
            ([4, 1, 8, 8], [56, 1, 5, 5], false, 2, true),
            ([4, 12, 8, 8], [12, 12, 3, 3], false, 1, true),
            ([4, 32, 8, 8], [1, 32, 5, 5], false, 2, true),
        };
        foreach (var (inputShape, weightShape, transposed, padding, gradient) in cases)
            for (int repeat = 0; repeat < (gradient ? 1 : 3); repeat++)
            {
                var x = randn(inputShape, generator: generator);
                var w = randn(weightShape, generator: generator) * 0.1;
                Tensor Run(ScalarType type)
                {
                    using var grad = enable_grad();
                    var input = x.to(type).requires_grad_(gradient);
                    var y = transposed
                        ? nn.functional.conv_transpose2d(input, w.to(type), padding: [padding, padding])
                        : nn.functional.conv2d(input, w.to(type), padding: [padding, padding]);
                    if (!gradient) return y.detach();
                    y.sum().backward();
                    return input.grad!;
                }
                var reference = Run(float64);
                var error = (Run(float32).to(float64) - reference).abs().max().item<double>() / Math.Max(reference.abs().max().item<double>(), 1e-12);
                worst = Math.Max(worst, double.IsNaN(error) ? double.PositiveInfinity : error);
            }
        return worst;
    }

    private static (IntPtr Context, SetUserEnabled SetMkldnn, UserEnabled GetMkldnn, SetUserEnabled SetNnpack) Symbols()
    {
        // libtorch is loaded by now, so dlopen finds it by its soname whichever folder TorchSharp loaded it from.
        if (!NativeLibrary.TryLoad(Library, out var handle)
            && !NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, Library), out handle)
            && !NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Library), out handle))
            throw new LumosException($"cannot find {Library} to switch oneDNN off");
        T Export<T>(string name) => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(handle, name));
        var context = Export<GlobalContext>("_ZN2at13globalContextEv")();
        return (context, Export<SetUserEnabled>("_ZN2at7Context20setUserEnabledMkldnnEb"), Export<UserEnabled>("_ZNK2at7Context17userEnabledMkldnnEv"),
            Export<SetUserEnabled>("_ZN2at7Context20setUserEnabledNNPACKEb"));
    }
}
