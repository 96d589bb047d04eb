using Lumos;
using Lumos.Fuzz;
using SharpFuzz;

// lumos-fuzz TARGET                 run TARGET under afl-fuzz (SharpFuzz's persistent fork server; once from stdin otherwise)
// lumos-fuzz TARGET --replay FILE…  run each file once, print what happened (triage, and checking a fix)
// lumos-fuzz seeds DIR              write the seed corpus: DIR/TARGET/… for every target
if (args.Length == 0 || (args[0] != "seeds" && !FuzzTargets.All.ContainsKey(args[0])))
{
    Console.Error.WriteLine($"usage: lumos-fuzz TARGET [--replay FILE...] | lumos-fuzz seeds DIR   (targets: {string.Join(", ", FuzzTargets.All.Keys)})");
    return 2;
}
if (args[0] == "seeds")
{
    if (args.Length != 2) { Console.Error.WriteLine("usage: lumos-fuzz seeds DIR"); return 2; }
    Seeds.Write(args[1]);
    return 0;
}

var target = FuzzTargets.All[args[0]];
if (args.Length > 1 && args[1] == "--replay")
{
    int unexpected = 0;
    foreach (var file in args[2..])
    {
        try
        {
            target(File.ReadAllBytes(file));
            Console.WriteLine($"{file}: accepted");
        }
        catch (LumosException e) { Console.WriteLine($"{file}: refused: {e.Message}"); }
        catch (Exception e)
        {
            unexpected++;
            Console.WriteLine($"{file}: UNEXPECTED {e.GetType().FullName}: {e.Message}\n{e.StackTrace}");
        }
    }
    return unexpected == 0 ? 0 : 1;
}

// A LumosException is the documented answer to bad input; anything else escapes and afl records a crash. The inputs
// run in a child process (SharpFuzz's out-of-process mode): an input that kills the process (a stack overflow, a
// native crash) is then saved as a crash and the child restarted, where in-process it would end afl's fork server
// ("unable to communicate with fork server") and lose the input. LUMOS_FUZZ_IN_PROCESS=1 trades that for speed.
Action<Stream> run = stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    try { target(buffer.ToArray()); }
    catch (LumosException) { }
};
if (Environment.GetEnvironmentVariable("LUMOS_FUZZ_IN_PROCESS") == "1") Fuzzer.Run(run);
else Fuzzer.OutOfProcess.Run(run);
return 0;
