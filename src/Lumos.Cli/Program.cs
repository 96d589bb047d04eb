using Lumos.Imaging;

namespace Lumos.Cli;

internal static class Program
{
    // Progress bars on standard error when it is a terminal, so they show even when standard output is redirected;
    // redirected standard output gets one plain line per file.
    public static int Main(string[] args)
    {
        // A batch or a video frees and allocates the same large buffers image after image: keep freed memory in
        // the heap so the next image reuses it already mapped (1,000 2-MP JPEGs, gamma: 12 -> 31 images/s; bench/README.md).
        // Training is left to TorchRuntime, which sets the same policy only where oneDNN is off: with oneDNN on it
        // did not measure as a gain (bench/README.md, classic section).
        if (args is not ["train", ..]) GlibcHeap.KeepFreedMemory();
        using var interrupt = new Interrupt();
        return LumosApp.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected, interrupt.Token,
            progress: Console.IsErrorRedirected ? null : Console.Error);
    }
}
