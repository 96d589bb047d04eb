using TorchSharp;

namespace Lumos.Nets;

/// <summary>Process-wide TorchSharp settings Lumos relies on.</summary>
public static class TorchRuntime
{
    /// <summary>Loads libtorch now (it otherwise loads on first use) and reports its version, for diagnostics.</summary>
    /// <exception cref="LumosException">libtorch cannot be loaded (missing native package or incompatible system library).</exception>
    public static string Version()
    {
        try { return torch.__version__; }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            throw new LumosException($"cannot load libtorch ({e.GetBaseException().Message.Split('\n')[0]})", e);
        }
    }
}
