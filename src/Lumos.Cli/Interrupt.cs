using System.Runtime.InteropServices;
using Lumos.Imaging;

namespace Lumos.Cli;

/// <summary>
/// The one cancellation path: SIGINT (Ctrl-C) and SIGTERM cancel <see cref="Token"/>, which every long job watches
/// (a batch stops after the current file, eval after the current image, train saves a resumable checkpoint). A
/// second signal exits at once with <see cref="LumosApp.Interrupted"/>, deleting any temporary file being written.
/// </summary>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;

    public Interrupt()
    {
        registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
        // Environment.Exit and an ordinary end both pass here: no temporary file outlives the process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TempFiles.DeleteAll();
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => source.Token;

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true; // the runtime's default would kill the process mid-write
        if (!source.IsCancellationRequested)
        {
            source.Cancel();
            return;
        }
        TempFiles.DeleteAll();
        Console.Error.WriteLine("lumos: interrupted");
        Environment.Exit(LumosApp.Interrupted);
    }

    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
        source.Dispose();
    }
}
