namespace Lumos.Cli;

internal static class Program
{
    // Progress bars only on a terminal; redirected output gets one plain line per file.
    public static int Main(string[] args)
    {
        using var interrupt = new Interrupt();
        return LumosApp.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected && !Console.IsErrorRedirected, interrupt.Token);
    }
}
