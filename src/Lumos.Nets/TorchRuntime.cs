using System.Diagnostics;
using System.Runtime.InteropServices;
using Lumos.Imaging;
using TorchSharp;

namespace Lumos.Nets;

/// <summary>How Lumos treats libtorch's oneDNN convolutions (environment variable <c>LUMOS_TORCH_ONEDNN</c>).</summary>
public enum OneDnnMode
{
    /// <summary>Check oneDNN against float64 before the first net and switch it off if it is wrong (the default).</summary>
    Auto,

    /// <summary>Trust oneDNN: no check.</summary>
    On,

    /// <summary>Switch oneDNN off without checking.</summary>
    Off,
}

/// <summary>What <see cref="TorchRuntime.EnsureCorrect"/> found and did, for diagnostics (<c>lumos info --system</c>).</summary>
/// <param name="Mode">The mode asked for.</param>
/// <param name="OneDnnEnabled">Whether convolutions now use oneDNN.</param>
/// <param name="Checks">The self-check with libtorch's defaults; empty when the mode is on or off.</param>
/// <param name="FallbackChecks">The self-check again after oneDNN was switched off; empty unless the first failed.</param>
/// <param name="Elapsed">Time the check and the switching took.</param>
public sealed record TorchBackendReport(
    OneDnnMode Mode, bool OneDnnEnabled, IReadOnlyList<ConvolutionCheckResult> Checks, IReadOnlyList<ConvolutionCheckResult> FallbackChecks, TimeSpan Elapsed)
{
    /// <summary>The self-check found oneDNN wrong on this machine.</summary>
    public bool OneDnnWrong => Checks.Any(c => !c.Passed);
}

/// <summary>Process-wide TorchSharp settings Lumos relies on.</summary>
public static class TorchRuntime
{
    /// <summary>The environment variable that forces the oneDNN decision: <c>on</c>, <c>off</c> or <c>auto</c>.</summary>
    public const string OneDnnVariable = "LUMOS_TORCH_ONEDNN";

    // Once per process: the backend switches are process-wide and the check only needs to run before the first net.
    private static readonly Lazy<TorchBackendReport> backend = new(
        () => Resolve(ParseMode(Environment.GetEnvironmentVariable(OneDnnVariable)), new LibTorchBackend(), Console.Error.WriteLine),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<string> version = new(LoadLibTorch, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads libtorch now (it otherwise loads on first use) and reports its version, for diagnostics.</summary>
    /// <exception cref="LumosException">libtorch cannot be loaded (missing native package or incompatible system library); every call throws the same.</exception>
    public static string Version() => version.Value;

    private static string LoadLibTorch()
    {
        OpenMpWaitPolicy.PreferPassive(); // before libtorch loads its libgomp
        const string needed = "the application needs libtorch's native package for its platform, e.g. libtorch-cpu-linux-x64 (shipped nets also run without it on the onnx engine)";
        // Loaded the ordinary way first: when that fails, TorchSharp copies libtorch out of the NuGet packages folder
        // into the application's folder and retries (half a gigabyte written into an installed tool).
        foreach (var library in new[] { "torch_cpu", "LibTorchSharp" })
        {
            try { NativeLibrary.Load(library, typeof(torch).Assembly, null); }
            catch (DllNotFoundException e)
            {
                throw new LumosException($"cannot load libtorch ({NativeLibraries.Reason(e, library)}): {needed}", e);
            }
        }
        try { return torch.__version__; }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            throw new LumosException($"cannot load libtorch ({e.GetBaseException().Message.Split('\n')[0]}): {needed}", e);
        }
    }

    /// <summary>
    /// Makes libtorch's convolutions correct on this machine; every net and loss calls it when built, so it runs
    /// before the first convolution. The first call checks float32 convolutions against float64
    /// (<see cref="ConvolutionCheck.SelfCheck"/>, a few milliseconds) and, if one is wrong, switches oneDNN off
    /// for the process, checks again and says so in one line on stderr. Later calls return the same report.
    /// <see cref="OneDnnVariable"/> = <c>on</c> skips the check, <c>off</c> switches oneDNN off unchecked.
    /// </summary>
    /// <exception cref="LumosException">The variable has another value, libtorch cannot be loaded, or convolutions
    /// are still wrong with oneDNN off (every call throws the same).</exception>
    public static TorchBackendReport EnsureCorrect()
    {
        Version(); // a missing libtorch is a plain error here, not one wrapped in the backend's lazy initialisation
        return backend.Value;
    }

    /// <summary>Reads <see cref="OneDnnVariable"/>: on, off or auto (any case); unset or empty means auto.</summary>
    /// <exception cref="LumosException">Any other value.</exception>
    internal static OneDnnMode ParseMode(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => OneDnnMode.Auto,
        "on" => OneDnnMode.On,
        "off" => OneDnnMode.Off,
        _ => throw new LumosException($"{OneDnnVariable}={value} is not valid: use on, off or auto"),
    };

    /// <summary>The decision, apart from libtorch so a test can feed it a backend that is wrong.</summary>
    internal static TorchBackendReport Resolve(OneDnnMode mode, ITorchBackend libtorch, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        if (mode == OneDnnMode.On) return new(mode, libtorch.OneDnnEnabled, [], [], clock.Elapsed);
        libtorch.Prepare();
        if (mode == OneDnnMode.Off)
        {
            libtorch.OneDnnEnabled = false;
            return new(mode, libtorch.OneDnnEnabled, [], [], clock.Elapsed);
        }

        var checks = libtorch.Check();
        if (checks.All(c => c.Passed)) return new(mode, libtorch.OneDnnEnabled, checks, [], clock.Elapsed);
        libtorch.OneDnnEnabled = false;
        var fallback = libtorch.Check();
        if (fallback.FirstOrDefault(c => !c.Passed) is { } still)
            throw new LumosException($"libtorch's convolutions are wrong on this CPU even with oneDNN off ({still}); set {OneDnnVariable}=on to run anyway");
        log($"lumos: libtorch's oneDNN convolutions are wrong on this CPU ({checks.First(c => !c.Passed)}); oneDNN switched off");
        return new(mode, libtorch.OneDnnEnabled, checks, fallback, clock.Elapsed);
    }

    /// <summary>The libtorch switches and checks <see cref="Resolve"/> works with.</summary>
    internal interface ITorchBackend
    {
        /// <summary>Whether convolutions use oneDNN.</summary>
        bool OneDnnEnabled { get; set; }

        /// <summary>Settings made before checking.</summary>
        void Prepare();

        /// <summary>Runs <see cref="ConvolutionCheck.SelfCheck"/>.</summary>
        IReadOnlyList<ConvolutionCheckResult> Check();
    }

    private sealed class LibTorchBackend : ITorchBackend
    {
        public bool OneDnnEnabled
        {
            get => LibTorchContext.OneDnnEnabled;
            set
            {
                LibTorchContext.OneDnnEnabled = value;
                if (!value) GlibcHeap.KeepFreedMemory();
            }
        }

        // NNPACK off: libtorch probes NNPACK at every convolution oneDNN does not take (all float64 ones, all once
        // oneDNN is off) and, on CPUs NNPACK does not support, logs "Could not initialize NNPACK!" each time. It
        // would only serve float32 batches of 16 or more without oneDNN, a path the self-check does not cover.
        public void Prepare()
        {
            if (LibTorchContext.Supported) LibTorchContext.NnpackEnabled = false;
        }

        public IReadOnlyList<ConvolutionCheckResult> Check() => ConvolutionCheck.SelfCheck.Select(c => c.Run()).ToArray();
    }
}
