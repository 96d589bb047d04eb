namespace Lumos.Cli;

internal static class Program
{
    // Progress bars only on a terminal; redirected output gets one plain line per file.
    public static int Main(string[] args) =>
        LumosApp.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected && !Console.IsErrorRedirected);
}
