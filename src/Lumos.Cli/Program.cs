namespace Lumos.Cli;

internal static class Program
{
    public static int Main(string[] args) => LumosApp.Run(args, Console.Out, Console.Error);
}
