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
/// check is repeated. Stands in for the library's own backend self-check until that lands.
/// </summary>
internal static class TorchBackend
{
    private const string Library = "libtorch_cpu.so";
    private const double Tolerance = 1e-4;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContext();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool UserEnabledMkldnn(IntPtr context);

    /// <summary>Checks the backend, switches oneDNN off when it is wrong, and says in one line what was done.</summary>
    /// <exception cref="LumosException">libtorch cannot be loaded, or is still wrong with oneDNN off.</exception>
    public static string MakeCorrect()
    {
        string version = TorchRuntime.Version(); // loads libtorch
        double error = WorstError();
        if (error <= Tolerance) return $"libtorch {version}, oneDNN on (self-check passed: max rel. error {error:0.0E+0} vs float64)";
        var (context, set, get) = Symbols();
        set(context, false);
        if (get(context)) throw new LumosException("could not switch libtorch's oneDNN off");
        double after = WorstError();
        if (after > Tolerance) throw new LumosException($"libtorch is wrong even with oneDNN off (max rel. error {after:0.0E+0} vs float64)");
        return $"libtorch {version}, oneDNN switched off by the bench (with it, convolutions were wrong here: max rel. error {error:0.0E+0} vs float64; without: {after:0.0E+0})";
    }

    /// <summary>Largest relative error of float32 against float64 over shapes oneDNN gets wrong on affected machines.</summary>
    private static double WorstError()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(7);
        double worst = 0;
        // (input shape, weight shape, transposed, padding): the forward cases of issue 10.
        var cases = new (long[] Input, long[] Weight, bool Transposed, long Padding)[]
        {
            ([1, 8, 60, 60], [8, 3, 5, 5], true, 0),
            ([4, 12, 32, 32], [12, 12, 3, 3], false, 1),
            ([4, 1, 32, 32], [56, 1, 5, 5], false, 2),
            ([1, 8, 60, 60], [8, 8, 5, 5], false, 0),
        };
        foreach (var (inputShape, weightShape, transposed, padding) in cases)
        {
            var x = randn(inputShape, generator: generator);
            var w = randn(weightShape, generator: generator) * 0.1;
            Tensor Run(Tensor a, Tensor b) => transposed
                ? nn.functional.conv_transpose2d(a, b, padding: [padding, padding])
                : nn.functional.conv2d(a, b, padding: [padding, padding]);
            var single = Run(x, w);
            var reference = Run(x.to(float64), w.to(float64));
            double error = (single.to(float64) - reference).abs().max().item<double>() / Math.Max(reference.abs().max().item<double>(), 1e-12);
            worst = Math.Max(worst, double.IsNaN(error) ? double.PositiveInfinity : error);
        }
        return worst;
    }

    private static (IntPtr Context, SetUserEnabledMkldnn Set, UserEnabledMkldnn Get) Symbols()
    {
        // libtorch is loaded by now, so dlopen finds it by its soname whichever folder TorchSharp loaded it from.
        if (!NativeLibrary.TryLoad(Library, out var handle)
            && !NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, Library), out handle)
            && !NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Library), out handle))
            throw new LumosException($"cannot find {Library} to switch oneDNN off");
        T Export<T>(string name) => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(handle, name));
        var context = Export<GlobalContext>("_ZN2at13globalContextEv")();
        return (context, Export<SetUserEnabledMkldnn>("_ZN2at7Context20setUserEnabledMkldnnEb"), Export<UserEnabledMkldnn>("_ZNK2at7Context17userEnabledMkldnnEv"));
    }
}
